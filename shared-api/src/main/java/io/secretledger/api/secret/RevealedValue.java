package io.secretledger.api.secret;

import io.secretledger.api.common.ErrorDetails;
import io.secretledger.api.common.Plaintext;

/**
 * The answer to {@link RevealSecretField}: the value, or the refusal that was recorded instead
 * ({@link SecretRevealRefused}); a refusal travels as an answer because a failed command would store no event.
 */
public record RevealedValue(String secretId, String fieldKey, int fieldVersion, String grant, Plaintext value,
                            ErrorDetails refusal) {

    public RevealedValue(String secretId, String fieldKey, int fieldVersion, String grant, Plaintext value) {
        this(secretId, fieldKey, fieldVersion, grant, value, null);
    }

    public static RevealedValue refused(String secretId, String fieldKey, ErrorDetails refusal) {
        return new RevealedValue(secretId, fieldKey, 0, null, null, refusal);
    }
}
