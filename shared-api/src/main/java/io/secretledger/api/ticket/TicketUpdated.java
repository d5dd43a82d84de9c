package io.secretledger.api.ticket;

import io.secretledger.api.common.Actor;

import java.util.Set;

/**
 * The ticket's contacts, members and status as they are now; the status is null in events stored before tickets
 * had one, and means open.
 */
public record TicketUpdated(String ticketId, String workspaceId, Set<String> contactIds, Set<String> memberIds,
                            TicketStatus status, Actor actor) {

    public boolean open() {
        return status != TicketStatus.CLOSED;
    }
}
