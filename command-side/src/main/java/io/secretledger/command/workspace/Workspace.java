package io.secretledger.command.workspace;

import io.secretledger.api.common.Permission;
import io.secretledger.api.workspace.CreateWorkspace;
import io.secretledger.api.workspace.WorkspaceCreated;
import io.secretledger.command.common.Violations;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A tenant: its members and what each may do. Every access decision reads it from here, never from a view. */
@Aggregate(cache = "aggregateCache")
public class Workspace {

    @AggregateIdentifier
    private String workspaceId;
    private final Map<String, Member> members = new HashMap<>();

    protected Workspace() {
    }

    @CommandHandler
    public Workspace(CreateWorkspace command) {
        Violations violations = new Violations();
        if (command.name() == null || command.name().isBlank()) {
            violations.add("name", "A workspace needs a name");
        }
        if (command.ownerMemberId() == null || command.ownerMemberId().isBlank()) {
            violations.add("ownerMemberId", "A workspace needs an owner");
        }
        if (command.ownerEmail() == null || !command.ownerEmail().contains("@")) {
            violations.add("ownerEmail", "The owner needs an e-mail address");
        }
        violations.throwIfAny();
        apply(new WorkspaceCreated(command.workspaceId(), command.name().strip(), command.ownerMemberId(),
                command.ownerEmail(), EnumSet.of(Permission.ACCOUNT_OWNER)));
    }

    @EventSourcingHandler
    void on(WorkspaceCreated event) {
        workspaceId = event.workspaceId();
        members.put(event.ownerMemberId(), new Member(event.ownerMemberId(), event.ownerEmail(),
                Set.copyOf(event.ownerPermissions())));
    }

    Optional<Member> member(String memberId) {
        return Optional.ofNullable(members.get(memberId));
    }

    /** What the access policy needs to know of a member. */
    public record Member(String memberId, String email, Set<Permission> permissions) {
    }
}
