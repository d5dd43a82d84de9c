package io.secretledger.api.template;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RemoveTemplateField(@TargetAggregateIdentifier String templateId, String workspaceId, String key,
                                  Actor actor) {
}
