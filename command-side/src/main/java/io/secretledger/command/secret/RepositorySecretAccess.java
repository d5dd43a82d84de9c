package io.secretledger.command.secret;

import io.secretledger.command.accessrequest.SecretAccessCheck;
import io.secretledger.command.ticket.TicketDirectory;
import io.secretledger.command.workspace.WorkspaceDirectory;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

import java.util.Optional;

/** Loads the secret inside the current unit of work and asks it who reaches it without a request. */
public class RepositorySecretAccess implements SecretAccessCheck {

    private final Repository<Secret> secrets;
    private final WorkspaceDirectory directory;
    private final TicketDirectory tickets;

    public RepositorySecretAccess(Repository<Secret> secrets, WorkspaceDirectory directory, TicketDirectory tickets) {
        this.secrets = secrets;
        this.directory = directory;
        this.tickets = tickets;
    }

    @Override
    public Optional<SecretFacts> find(String workspaceId, String secretId, String memberId, String ticketId) {
        if (secretId == null) {
            return Optional.empty();
        }
        try {
            return secrets.load(secretId).invoke(secret -> secret.inUseIn(workspaceId)
                    ? Optional.of(new SecretFacts(secret.name(), secret.decideFor(directory, tickets, memberId,
                    ticketId)))
                    : Optional.empty());
        } catch (AggregateNotFoundException e) {
            return Optional.empty();
        }
    }
}
