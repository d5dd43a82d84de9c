package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;

public record WorkspaceResumed(String workspaceId, Actor actor) {
}
