package io.secretledger.policy;

import java.util.Set;

/** What the access rules need of a ticket. */
public record TicketState(String ticketId, String workspaceId, Set<String> contactIds, Set<String> memberIds) {
}
