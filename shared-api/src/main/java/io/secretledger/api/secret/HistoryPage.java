package io.secretledger.api.secret;

import java.util.List;

public record HistoryPage(List<HistoryEntry> entries, boolean hasNext) {
}
