package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

public record CreateSecret(@TargetAggregateIdentifier String secretId, String workspaceId, String templateId,
                           String name, String description, Visibility visibility, Instant expiresAt,
                           List<FieldInput> values, Actor actor) {
}
