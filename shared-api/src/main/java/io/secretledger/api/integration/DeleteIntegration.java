package io.secretledger.api.integration;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeleteIntegration(@TargetAggregateIdentifier String integrationId, String workspaceId, Actor actor) {
}
