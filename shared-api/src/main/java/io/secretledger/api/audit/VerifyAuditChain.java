package io.secretledger.api.audit;

import java.time.Instant;

/** Recompute the workspace's audit chain from the event store and compare it with the stored entries. */
public record VerifyAuditChain(String workspaceId, String viewerId, Instant from, Instant to) {
}
