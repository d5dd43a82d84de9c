package io.secretledger.command.ticket;

import io.secretledger.policy.TicketState;
import java.util.Optional;

/** Reads tickets from the event-sourced Ticket aggregate inside the current unit of work. */
public interface TicketDirectory {

    /** The ticket, or empty if it does not exist in that workspace. */
    Optional<TicketState> find(String workspaceId, String ticketId);
}
