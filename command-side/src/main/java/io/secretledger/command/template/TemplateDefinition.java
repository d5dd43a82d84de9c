package io.secretledger.command.template;

import io.secretledger.api.template.FieldDefinition;

import java.util.List;

/** A template's fields as a secret being created needs them; an archived template creates no secret. */
public record TemplateDefinition(String templateId, String workspaceId, List<FieldDefinition> fields,
                                 boolean archived) {
}
