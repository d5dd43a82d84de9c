package io.secretledger.api.audit;

/** A page of the audit log, oldest first, after the entry at {@code afterPosition}. */
public record FindAuditEntries(String workspaceId, String viewerId, AuditFilter filter, Long afterPosition,
                               int limit) {
}
