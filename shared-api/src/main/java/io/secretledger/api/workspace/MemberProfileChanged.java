package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;

public record MemberProfileChanged(String workspaceId, String memberId, String title, String division, Actor actor) {
}
