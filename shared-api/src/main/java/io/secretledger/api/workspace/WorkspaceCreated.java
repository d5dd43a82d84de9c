package io.secretledger.api.workspace;

import io.secretledger.api.common.Permission;

import java.util.Set;

public record WorkspaceCreated(String workspaceId, String name, String ownerMemberId, String ownerEmail,
                               Set<Permission> ownerPermissions) {
}
