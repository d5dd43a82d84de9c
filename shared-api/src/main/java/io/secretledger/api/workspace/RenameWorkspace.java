package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An installation operator renames a workspace; its id, members and secrets stay. */
public record RenameWorkspace(@TargetAggregateIdentifier String workspaceId, String name, Actor actor) {
}
