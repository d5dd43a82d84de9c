package io.secretledger.api.accessrequest;

import java.util.List;

public record AccessRequestPage(List<AccessRequestView> items, boolean hasNext) {
}
