package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Creates a workspace with its first member, who owns it. {@code actor}: the installation operator who asked, or
 * {@link Actor#SYSTEM} for the demo workspace of a first start.
 */
public record CreateWorkspace(@TargetAggregateIdentifier String workspaceId, String name,
                              String ownerMemberId, String ownerEmail, Actor actor) {

    public CreateWorkspace(String workspaceId, String name, String ownerMemberId, String ownerEmail) {
        this(workspaceId, name, ownerMemberId, ownerEmail, Actor.SYSTEM);
    }
}
