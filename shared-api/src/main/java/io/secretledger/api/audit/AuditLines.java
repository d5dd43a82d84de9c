package io.secretledger.api.audit;

/**
 * A run of audit entries in log order as NDJSON, UTF-8: one JSON object with the fields of {@link AuditEntry} per
 * line, each line ended by a line break. What {@link StreamAuditEntries} streams, a few hundred entries a message.
 */
public record AuditLines(byte[] ndjson) {
}
