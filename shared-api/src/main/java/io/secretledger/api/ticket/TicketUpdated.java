package io.secretledger.api.ticket;

import io.secretledger.api.common.Actor;

import java.util.Set;

/** The ticket's contacts and members as they are now. */
public record TicketUpdated(String ticketId, String workspaceId, Set<String> contactIds, Set<String> memberIds,
                            Actor actor) {
}
