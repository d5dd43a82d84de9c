package io.secretledger.api.workspace;

/**
 * The installation's workspaces by name, for its operators, starting after the given position; {@code search}
 * (optional) is a case-insensitive part of the name.
 */
public record FindWorkspaces(String search, String afterName, String afterId, int limit) {
}
