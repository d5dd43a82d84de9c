package io.secretledger.api.workspace;

public record FindWorkspace(String workspaceId) {
}
