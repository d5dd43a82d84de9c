package io.secretledger.api.template;

import io.secretledger.api.common.Actor;

public record TemplateFieldAdded(String templateId, String workspaceId, FieldDefinition field, int position,
                                 Actor actor) {
}
