package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.util.List;

/**
 * Changes the description and/or some field values of a secret. {@code expectedVersion} is the version
 * the editor saw; if the secret changed since, the edit is refused with CONFLICT instead of silently
 * overwriting the other change. A null description leaves it unchanged. {@code name}, when given, must be
 * the secret's name: names never change, and a form that sends another one is told so.
 */
public record EditSecret(@TargetAggregateIdentifier String secretId, String workspaceId,
                         @TargetAggregateVersion Long expectedVersion, String name, String description,
                         List<FieldInput> values, Actor actor) {
}
