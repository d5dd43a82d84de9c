package io.secretledger.api.template;

import io.secretledger.api.common.Actor;

public record TemplateRestored(String templateId, String workspaceId, Actor actor) {
}
