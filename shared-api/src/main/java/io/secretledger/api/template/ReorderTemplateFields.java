package io.secretledger.api.template;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** {@code keys} holds every field key of the template once, in the new order. */
public record ReorderTemplateFields(@TargetAggregateIdentifier String templateId, String workspaceId, List<String> keys,
                                    Actor actor) {
}
