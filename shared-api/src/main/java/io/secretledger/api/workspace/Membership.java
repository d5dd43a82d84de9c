package io.secretledger.api.workspace;

import io.secretledger.api.common.Permission;

import java.util.Set;

/** One workspace a person belongs to, as the member {@code memberId}, with its permissions there. */
public record Membership(String workspaceId, String workspaceName, String memberId, String email,
                         Set<Permission> permissions, boolean suspended) {
}
