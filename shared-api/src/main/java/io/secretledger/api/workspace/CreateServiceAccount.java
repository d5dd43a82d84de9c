package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Set;

public record CreateServiceAccount(@TargetAggregateIdentifier String workspaceId, String serviceAccountId, String name,
                                   Set<ServiceScope> scopes, Actor actor) {
}
