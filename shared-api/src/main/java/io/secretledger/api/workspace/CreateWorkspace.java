package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;
import io.secretledger.api.invitation.OwnerInvitation;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Creates a workspace with its first member, who owns it. {@code actor}: the installation operator who asked, or
 * {@link Actor#SYSTEM} for the demo workspace of a first start. {@code ownerInvitation}: mailed to the owner, who
 * signs in by accepting it; null where the owner signs in otherwise (the demo's first-start token).
 */
public record CreateWorkspace(@TargetAggregateIdentifier String workspaceId, String name,
                              String ownerMemberId, String ownerEmail, Actor actor, OwnerInvitation ownerInvitation) {

    public CreateWorkspace(String workspaceId, String name, String ownerMemberId, String ownerEmail) {
        this(workspaceId, name, ownerMemberId, ownerEmail, Actor.SYSTEM, null);
    }

    public CreateWorkspace(String workspaceId, String name, String ownerMemberId, String ownerEmail, Actor actor) {
        this(workspaceId, name, ownerMemberId, ownerEmail, actor, null);
    }
}
