package io.secretledger.api.audit;

/**
 * A subscription to the audit log's new entries that the filter keeps: the initial answer says whether the viewer
 * may audit, the updates are {@link AuditEntry entries}.
 */
public record WatchAuditLog(String workspaceId, String viewerId, AuditFilter filter) {
}
