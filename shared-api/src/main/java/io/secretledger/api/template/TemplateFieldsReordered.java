package io.secretledger.api.template;

import io.secretledger.api.common.Actor;

import java.util.List;

public record TemplateFieldsReordered(String templateId, String workspaceId, List<String> keys, Actor actor) {
}
