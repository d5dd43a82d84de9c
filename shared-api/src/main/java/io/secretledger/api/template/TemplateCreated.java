package io.secretledger.api.template;

import io.secretledger.api.common.Actor;

import java.util.List;

public record TemplateCreated(String templateId, String workspaceId, String name, String description,
                              List<FieldDefinition> fields, Actor actor) {
}
