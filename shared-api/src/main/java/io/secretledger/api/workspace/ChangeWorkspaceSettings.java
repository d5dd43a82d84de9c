package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ChangeWorkspaceSettings(@TargetAggregateIdentifier String workspaceId, WorkspaceSettings settings,
                                      Actor actor) {
}
