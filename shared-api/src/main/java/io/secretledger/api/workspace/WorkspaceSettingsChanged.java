package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;

public record WorkspaceSettingsChanged(String workspaceId, WorkspaceSettings settings, Actor actor) {
}
