package io.secretledger.api.audit;

/** Every entry of the audit log that the filter keeps, oldest first, as a stream (the NDJSON export). */
public record StreamAuditEntries(String workspaceId, String viewerId, AuditFilter filter) {
}
