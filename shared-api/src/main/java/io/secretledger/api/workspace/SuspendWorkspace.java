package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * An installation operator suspends a workspace: from then on it answers FORBIDDEN to its members and service
 * accounts, and keeps all its data until it is resumed.
 */
public record SuspendWorkspace(@TargetAggregateIdentifier String workspaceId, String reason, Actor actor) {
}
