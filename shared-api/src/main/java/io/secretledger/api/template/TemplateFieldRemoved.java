package io.secretledger.api.template;

import io.secretledger.api.common.Actor;

public record TemplateFieldRemoved(String templateId, String workspaceId, String key, Actor actor) {
}
