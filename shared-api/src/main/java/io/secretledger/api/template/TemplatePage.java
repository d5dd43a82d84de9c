package io.secretledger.api.template;

import java.util.List;

public record TemplatePage(List<TemplateView> items, boolean hasNext) {
}
