package io.secretledger.api.template;

import io.secretledger.api.common.Actor;

public record TemplateFieldChanged(String templateId, String workspaceId, FieldDefinition field, Actor actor) {
}
