package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;

public record MemberRemoved(String workspaceId, String memberId, Actor actor) {
}
