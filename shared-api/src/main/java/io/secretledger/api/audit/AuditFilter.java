package io.secretledger.api.audit;

import java.time.Instant;

/** Which entries of the audit log a caller asks for; a null part does not filter. {@code to} is exclusive. */
public record AuditFilter(String actorId, String secretId, String action, Instant from, Instant to) {

    public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null);
}
