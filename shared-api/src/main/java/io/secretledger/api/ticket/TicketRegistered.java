package io.secretledger.api.ticket;

import io.secretledger.api.common.Actor;

import java.util.Set;

public record TicketRegistered(String ticketId, String workspaceId, String reference, Set<String> contactIds,
                               Set<String> memberIds, Actor actor) {
}
