package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RemoveMember(@TargetAggregateIdentifier String workspaceId, String memberId, Actor actor) {
}
