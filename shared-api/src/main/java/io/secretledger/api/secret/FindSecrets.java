package io.secretledger.api.secret;

/**
 * A page of a workspace's secrets ordered by name then id, starting after the given position.
 *
 * @param nameContains case-insensitive substring of the name, or null
 * @param afterName    with {@code afterId}, the position of the last row of the previous page, or null
 */
public record FindSecrets(String workspaceId, String nameContains, String afterName, String afterId, int limit) {
}
