package io.secretledger.api.audit;

import java.util.List;

/**
 * A run of audit entries in log order, each as one line of the NDJSON export (a JSON object with the fields of
 * {@link AuditEntry}, without the line break): what {@link StreamAuditEntries} streams, a few hundred entries a
 * message rather than one.
 */
public record AuditLines(List<String> lines) {
}
