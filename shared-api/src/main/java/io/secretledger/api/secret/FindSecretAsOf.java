package io.secretledger.api.secret;

import java.time.Instant;

/** A secret as it was at {@code at}, rebuilt from its events (masked as ever). */
public record FindSecretAsOf(String workspaceId, String viewerId, String secretId, Instant at) {
}
