package io.secretledger.api.ticket;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Set;

/** Replaces a ticket's contacts, the members who can access it and/or its status; null keeps that part. */
public record UpdateTicket(@TargetAggregateIdentifier String ticketId, String workspaceId, Set<String> contactIds,
                           Set<String> memberIds, TicketStatus status, Actor actor) {
}
