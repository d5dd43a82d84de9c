package io.secretledger.api.template;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Renames and/or describes a template; a null {@code name} or {@code description} keeps it. */
public record ChangeTemplateDetails(@TargetAggregateIdentifier String templateId, String workspaceId, String name,
                                    String description, Actor actor) {
}
