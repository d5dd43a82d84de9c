package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.Permission;

import java.util.Set;

public record MemberAdded(String workspaceId, String memberId, String email, String title, String division,
                          Set<Permission> permissions, Actor actor) {
}
