package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.Permission;

import java.util.Set;

/** {@code actor}: the operator who created it; null in events written before operators existed. */
public record WorkspaceCreated(String workspaceId, String name, String ownerMemberId, String ownerEmail,
                               Set<Permission> ownerPermissions, Actor actor) {
}
