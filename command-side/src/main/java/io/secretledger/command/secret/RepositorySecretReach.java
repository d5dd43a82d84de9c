package io.secretledger.command.secret;

import io.secretledger.api.access.AccessDecision;
import io.secretledger.command.reminder.SecretReach;
import io.secretledger.command.ticket.TicketDirectory;
import io.secretledger.command.workspace.WorkspaceDirectory;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Loads the Secret inside the current unit of work and asks it, that is the access policy, for each member. */
public class RepositorySecretReach implements SecretReach {

    private final Repository<Secret> secrets;
    private final WorkspaceDirectory directory;
    private final TicketDirectory tickets;

    public RepositorySecretReach(Repository<Secret> secrets, WorkspaceDirectory directory, TicketDirectory tickets) {
        this.secrets = secrets;
        this.directory = directory;
        this.tickets = tickets;
    }

    @Override
    public Optional<Reach> of(String workspaceId, String secretId, Collection<String> memberIds) {
        if (workspaceId == null || secretId == null) {
            return Optional.empty();
        }
        try {
            return secrets.load(secretId).invoke(secret -> {
                if (!secret.inUseIn(workspaceId)) {
                    return Optional.<Reach>empty();
                }
                Set<String> viewers = new TreeSet<>();
                Set<String> modifiers = new TreeSet<>();
                for (String memberId : memberIds) {
                    AccessDecision decision = secret.decideFor(directory, tickets, memberId);
                    if (decision.canView()) {
                        viewers.add(memberId);
                    }
                    if (decision.canModify()) {
                        modifiers.add(memberId);
                    }
                }
                return Optional.of(new Reach(secret.name(), viewers, modifiers));
            });
        } catch (AggregateNotFoundException e) {
            return Optional.empty();
        }
    }
}
