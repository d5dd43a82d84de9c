package io.secretledger.api.invitation;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RevokeInvitation(@TargetAggregateIdentifier String workspaceId, String invitationId, Actor actor) {
}
