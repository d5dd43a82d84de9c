package io.secretledger.api.audit;

import java.time.Instant;

/** Every member who could have revealed the secret at {@code at} (on {@code ticketId}, if given), from replay. */
public record FindWhoCouldReveal(String workspaceId, String viewerId, String secretId, Instant at, String ticketId) {
}
