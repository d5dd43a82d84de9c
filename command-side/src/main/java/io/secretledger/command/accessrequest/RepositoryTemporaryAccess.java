package io.secretledger.command.accessrequest;

import io.secretledger.api.accessrequest.AccessRequestIds;
import io.secretledger.command.ReadSharedLocks;
import io.secretledger.command.ticket.TicketDirectory;
import io.secretledger.policy.TemporaryAccess;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

import java.util.Optional;

/** Reads the member's requests for the secret inside the current unit of work, and the state of their ticket. */
public class RepositoryTemporaryAccess implements TemporaryAccessDirectory {

    private final Repository<AccessRequest> requests;
    private final TicketDirectory tickets;

    public RepositoryTemporaryAccess(Repository<AccessRequest> requests, TicketDirectory tickets) {
        this.requests = requests;
        this.tickets = tickets;
    }

    @Override
    public Optional<TemporaryAccess> find(String workspaceId, String secretId, String memberId) {
        if (workspaceId == null || secretId == null || memberId == null) {
            return Optional.empty();
        }
        try {
            return ReadSharedLocks.reading(() -> requests.load(AccessRequestIds.of(secretId, memberId))
                    .invoke(request -> request.grant(workspaceId, tickets)));
        } catch (AggregateNotFoundException e) {
            return Optional.empty();
        }
    }
}
