package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;

public record WorkspaceRenamed(String workspaceId, String name, Actor actor) {
}
