package io.secretledger.api.workspace;

/** One workspace as {@link FindWorkspaces} lists it, or null when there is none with this id. */
public record FindWorkspaceSummary(String workspaceId) {
}
