package io.secretledger.api.integration;

import io.secretledger.api.common.ErrorDetails;
import io.secretledger.api.common.Plaintext;

/**
 * The answer to {@link EncryptWithKey} (ciphertext) or {@link DecryptWithKey} (plaintext), with the key version
 * used, or the refusal that was recorded instead.
 */
public record KeyOperationResult(String secretId, int keyVersion, String ciphertext, Plaintext plaintext,
                                 ErrorDetails refusal) {

    public static KeyOperationResult refused(String secretId, ErrorDetails refusal) {
        return new KeyOperationResult(secretId, 0, null, null, refusal);
    }
}
