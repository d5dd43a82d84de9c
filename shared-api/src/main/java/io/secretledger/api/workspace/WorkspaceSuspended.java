package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;

public record WorkspaceSuspended(String workspaceId, String reason, Actor actor) {
}
