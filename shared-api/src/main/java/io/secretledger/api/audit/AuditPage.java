package io.secretledger.api.audit;

import java.util.List;

public record AuditPage(List<AuditEntry> entries, boolean hasNext) {
}
