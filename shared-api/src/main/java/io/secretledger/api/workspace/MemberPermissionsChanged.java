package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.Permission;

import java.util.Set;

public record MemberPermissionsChanged(String workspaceId, String memberId, Set<Permission> permissions,
                                       Actor actor) {
}
