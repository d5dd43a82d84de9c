package io.secretledger.api.secret;

/**
 * A page of the secrets of a workspace that {@code viewerId} may see, ordered by name then id, starting after
 * the given position.
 *
 * @param ticketId     with a ticket, only the secrets related to it that the viewer may use on it (the ticket
 *                     panel), or null
 * @param nameContains case-insensitive substring of the name, or null
 * @param afterName    with {@code afterId}, the position of the last row of the previous page, or null
 */
public record FindSecrets(String workspaceId, String viewerId, String ticketId, String nameContains, String afterName, String afterId, int limit) {
}
