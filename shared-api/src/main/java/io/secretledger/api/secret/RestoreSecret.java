package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RestoreSecret(@TargetAggregateIdentifier String secretId, String workspaceId, Actor actor) {
}
