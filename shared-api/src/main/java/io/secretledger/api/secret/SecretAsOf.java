package io.secretledger.api.secret;

import java.time.Instant;

/**
 * The answer to {@link FindSecretAsOf}: the secret then, or, when it did not exist yet at that instant, no secret
 * and the instant it was created.
 */
public record SecretAsOf(SecretView secret, Instant createdAt) {
}
