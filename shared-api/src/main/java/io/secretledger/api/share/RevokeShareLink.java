package io.secretledger.api.share;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RevokeShareLink(@TargetAggregateIdentifier String linkId, String workspaceId, Actor actor) {
}
