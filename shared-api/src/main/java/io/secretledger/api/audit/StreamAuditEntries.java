package io.secretledger.api.audit;

/**
 * Every entry of the audit log that the filter keeps, oldest first, as a stream of {@link AuditLines} (the NDJSON
 * export); nothing for a viewer who may not audit.
 */
public record StreamAuditEntries(String workspaceId, String viewerId, AuditFilter filter) {
}
