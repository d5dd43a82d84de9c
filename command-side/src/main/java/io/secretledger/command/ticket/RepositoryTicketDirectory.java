package io.secretledger.command.ticket;

import io.secretledger.command.ReadSharedLocks;
import io.secretledger.policy.TicketState;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

import java.util.Optional;

public class RepositoryTicketDirectory implements TicketDirectory {

    private final Repository<Ticket> tickets;

    public RepositoryTicketDirectory(Repository<Ticket> tickets) {
        this.tickets = tickets;
    }

    @Override
    public Optional<TicketState> find(String workspaceId, String ticketId) {
        if (ticketId == null) {
            return Optional.empty();
        }
        try {
            TicketState state = ReadSharedLocks.reading(() -> tickets.load(ticketId).invoke(Ticket::state));
            return state.workspaceId().equals(workspaceId) ? Optional.of(state) : Optional.empty();
        } catch (AggregateNotFoundException e) {
            return Optional.empty();
        }
    }
}
