package io.secretledger.api.ticket;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Set;

/**
 * Makes a helpdesk ticket known to the access rules: its reference in the helpdesk, its contacts, and the
 * members who can access it there.
 */
public record RegisterTicket(@TargetAggregateIdentifier String ticketId, String workspaceId, String reference,
                             Set<String> contactIds, Set<String> memberIds, Actor actor) {
}
