package io.secretledger.api.template;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

public record CreateTemplate(@TargetAggregateIdentifier String templateId, String workspaceId, String name,
                             String description, List<FieldDefinition> fields, Actor actor) {
}
