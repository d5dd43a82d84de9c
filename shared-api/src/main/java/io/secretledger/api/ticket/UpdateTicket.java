package io.secretledger.api.ticket;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Set;

/** Replaces a ticket's contacts and/or the members who can access it; null keeps that part. */
public record UpdateTicket(@TargetAggregateIdentifier String ticketId, String workspaceId, Set<String> contactIds,
                           Set<String> memberIds, Actor actor) {
}
