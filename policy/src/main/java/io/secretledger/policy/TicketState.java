package io.secretledger.policy;

import java.util.Set;

/** What the access rules need of a ticket; {@code open} until the helpdesk closes it. */
public record TicketState(String ticketId, String workspaceId, Set<String> contactIds, Set<String> memberIds,
                          boolean open) {

    public TicketState(String ticketId, String workspaceId, Set<String> contactIds, Set<String> memberIds) {
        this(ticketId, workspaceId, contactIds, memberIds, true);
    }
}
