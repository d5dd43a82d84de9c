package io.secretledger.api.secret;

import io.secretledger.api.common.ErrorDetails;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.totp.OneTimeCode;

/**
 * The answer to {@link RevealSecretField}: the value, or the refusal that was recorded instead
 * ({@link SecretRevealRefused}); a refusal travels as an answer because a failed command would store no event.
 * For a one-time-password field {@code oneTimeCode} holds the current code (and {@code value} the same code), unless
 * the seed was asked for.
 */
public record RevealedValue(String secretId, String fieldKey, int fieldVersion, String grant, Plaintext value,
                            ErrorDetails refusal, OneTimeCode oneTimeCode) {

    public RevealedValue(String secretId, String fieldKey, int fieldVersion, String grant, Plaintext value,
                         ErrorDetails refusal) {
        this(secretId, fieldKey, fieldVersion, grant, value, refusal, null);
    }

    public RevealedValue(String secretId, String fieldKey, int fieldVersion, String grant, Plaintext value) {
        this(secretId, fieldKey, fieldVersion, grant, value, null, null);
    }

    public static RevealedValue refused(String secretId, String fieldKey, ErrorDetails refusal) {
        return new RevealedValue(secretId, fieldKey, 0, null, null, refusal, null);
    }
}
