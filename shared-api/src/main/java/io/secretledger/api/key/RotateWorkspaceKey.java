package io.secretledger.api.key;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An account owner rotates the workspace's key: a new version rewraps every data key; the old one is retired. */
public record RotateWorkspaceKey(@TargetAggregateIdentifier String workspaceId, Actor actor) {
}
