package io.secretledger.api.integration;

import io.secretledger.api.common.ErrorDetails;
import io.secretledger.api.common.Plaintext;

import java.util.List;

/**
 * The values a call may carry and the addresses the destination was checked at (the call must reach one of
 * them), or the refusal that was recorded instead ({@link SecretUseRefused}).
 */
public record SecretUseGrant(String useId, String secretId, List<Value> values, List<String> addresses,
                             ErrorDetails refusal) {

    public record Value(String fieldKey, int version, Plaintext value) {
    }

    public static SecretUseGrant refused(String useId, String secretId, ErrorDetails refusal) {
        return new SecretUseGrant(useId, secretId, List.of(), List.of(), refusal);
    }
}
