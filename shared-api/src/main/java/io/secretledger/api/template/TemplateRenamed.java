package io.secretledger.api.template;

import io.secretledger.api.common.Actor;

public record TemplateRenamed(String templateId, String workspaceId, String name, Actor actor) {
}
