package io.secretledger.command.workspace;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ActorType;
import io.secretledger.api.workspace.RenameWorkspace;
import io.secretledger.api.workspace.ResumeWorkspace;
import io.secretledger.api.workspace.SuspendWorkspace;
import io.secretledger.api.workspace.WorkspaceRenamed;
import io.secretledger.api.workspace.WorkspaceResumed;
import io.secretledger.api.workspace.WorkspaceSuspended;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.common.Violations;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.eventsourcing.EventSourcingHandler;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * What an installation's operators decide about a workspace: its name and whether it is suspended. Only an
 * operator may; a suspended workspace keeps every event and key, and its members are refused until it resumes.
 */
class WorkspaceLifecycle {

    static final int MAX_NAME = 200;
    static final int MAX_REASON = 500;

    private final String workspaceId;
    private String name;
    private boolean suspended;

    WorkspaceLifecycle(String workspaceId, String name) {
        this.workspaceId = workspaceId;
        this.name = name;
    }

    @CommandHandler
    void handle(RenameWorkspace command, WorkspaceNames names) {
        requireOperator(command.actor());
        Violations violations = new Violations();
        checkName(command.name(), violations);
        violations.throwIfAny();
        String renamed = command.name().strip();
        if (renamed.equals(name)) {
            return;
        }
        String before = WorkspaceNames.key(name);
        String after = WorkspaceNames.key(renamed);
        if (!names.claim(after, workspaceId)) {
            throw DomainException.invalid("name", "A workspace of this name exists already");
        }
        if (!before.equals(after)) {
            // The old name is free once the rename is stored; the new one again if it is not.
            CurrentUnitOfWork.ifStarted(unit -> {
                unit.afterCommit(done -> names.release(before, workspaceId));
                unit.onRollback(failed -> names.release(after, workspaceId));
            });
        }
        apply(new WorkspaceRenamed(workspaceId, renamed, command.actor()));
    }

    @CommandHandler
    void handle(SuspendWorkspace command) {
        requireOperator(command.actor());
        String reason = command.reason() == null ? "" : command.reason().strip();
        if (reason.isEmpty() || reason.length() > MAX_REASON) {
            throw DomainException.invalid("reason", "Say why, in 1 to " + MAX_REASON + " characters");
        }
        if (suspended) {
            throw DomainException.conflict("workspaceId", "The workspace is suspended already");
        }
        apply(new WorkspaceSuspended(workspaceId, reason, command.actor()));
    }

    @CommandHandler
    void handle(ResumeWorkspace command) {
        requireOperator(command.actor());
        if (!suspended) {
            throw DomainException.conflict("workspaceId", "The workspace is not suspended");
        }
        apply(new WorkspaceResumed(workspaceId, command.actor()));
    }

    @EventSourcingHandler
    void on(WorkspaceRenamed event) {
        name = event.name();
    }

    @EventSourcingHandler
    void on(WorkspaceSuspended event) {
        suspended = true;
    }

    @EventSourcingHandler
    void on(WorkspaceResumed event) {
        suspended = false;
    }

    boolean suspended() {
        return suspended;
    }

    String name() {
        return name;
    }

    static void checkName(String name, Violations violations) {
        if (name == null || name.isBlank() || name.strip().length() > MAX_NAME) {
            violations.add("name", "A workspace needs a name of 1 to " + MAX_NAME + " characters");
        }
    }

    /** Operators are authenticated by the API layer; a command from anyone else is refused here as well. */
    static void requireOperator(Actor actor) {
        if (actor == null || actor.type() != ActorType.OPERATOR) {
            throw DomainException.forbidden("Only an operator of the installation may do this");
        }
    }
}
