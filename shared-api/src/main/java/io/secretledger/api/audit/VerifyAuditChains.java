package io.secretledger.api.audit;

import java.time.Instant;

/**
 * For an installation's operator: recompute every workspace's audit chain from the event store, up to what the log
 * has reached, and compare it with the stored entries. Answers {@link AuditChainReports}.
 */
public record VerifyAuditChains(Instant from, Instant to) {
}
