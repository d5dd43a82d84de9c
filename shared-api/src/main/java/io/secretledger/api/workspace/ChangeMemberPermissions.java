package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.Permission;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Set;

public record ChangeMemberPermissions(@TargetAggregateIdentifier String workspaceId, String memberId,
                                      Set<Permission> permissions, Actor actor) {
}
