package io.secretledger.api.workspace;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Creates a workspace with its first member, who owns it. */
public record CreateWorkspace(@TargetAggregateIdentifier String workspaceId, String name,
                              String ownerMemberId, String ownerEmail) {
}
