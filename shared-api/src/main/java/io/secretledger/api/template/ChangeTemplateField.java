package io.secretledger.api.template;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Changes the field with the same key: its label, required flag, sensitivity or options. */
public record ChangeTemplateField(@TargetAggregateIdentifier String templateId, String workspaceId,
                                  FieldDefinition field, Actor actor) {
}
