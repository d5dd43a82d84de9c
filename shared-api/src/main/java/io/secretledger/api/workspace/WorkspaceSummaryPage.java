package io.secretledger.api.workspace;

import java.util.List;

public record WorkspaceSummaryPage(List<WorkspaceSummary> items, boolean hasNext) {
}
