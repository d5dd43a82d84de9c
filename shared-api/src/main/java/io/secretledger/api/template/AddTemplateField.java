package io.secretledger.api.template;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds a field at {@code position} (0 is first; null appends). */
public record AddTemplateField(@TargetAggregateIdentifier String templateId, String workspaceId, FieldDefinition field,
                               Integer position, Actor actor) {
}
