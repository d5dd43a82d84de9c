package io.secretledger.api.secret;

import java.time.Instant;

/**
 * A page of the secrets of a workspace that {@code viewerId} may see, in {@code order}, starting after the
 * given position. Null filters do not filter.
 *
 * @param ticketId      with a ticket, only the secrets related to it that the viewer may use on it (the ticket
 *                      panel)
 * @param nameContains  case-insensitive substring of the name
 * @param namePrefix    case-insensitive start of the name
 * @param deleted       true for the deleted secrets (restorable), false for the others
 * @param expiresBefore only secrets that expire before this instant
 * @param afterKey      with {@code afterId}, the position of the last row of the previous page: its name, or
 *                      its instant in ISO-8601 for the other orders
 */
public record FindSecrets(String workspaceId, String viewerId, String ticketId, String nameContains,
                          String namePrefix, String templateId, Boolean active, Boolean expired, boolean deleted,
                          Instant expiresBefore, SecretOrder order, String afterKey, String afterId, int limit) {

    public FindSecrets {
        order = order == null ? SecretOrder.NAME : order;
    }

    /** By name, without filters other than the ticket and a substring. */
    public FindSecrets(String workspaceId, String viewerId, String ticketId, String nameContains, String afterName,
                       String afterId, int limit) {
        this(workspaceId, viewerId, ticketId, nameContains, null, null, null, null, false, null, SecretOrder.NAME,
                afterName, afterId, limit);
    }
}
