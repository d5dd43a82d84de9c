package io.secretledger.command.ticket;

import io.secretledger.policy.TicketState;
import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ActorType;
import io.secretledger.api.ticket.RegisterTicket;
import io.secretledger.api.ticket.TicketRegistered;
import io.secretledger.api.ticket.TicketStatus;
import io.secretledger.api.ticket.TicketUpdated;
import io.secretledger.api.ticket.UpdateTicket;
import io.secretledger.api.workspace.ServiceScope;
import io.secretledger.policy.AccessPolicy;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.common.Violations;
import io.secretledger.command.workspace.WorkspaceDirectory;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A helpdesk ticket as the access rules see it: who can access it and which contacts it involves. Event
 * sourced, so that a decision on a ticket can be explained and replayed later.
 */
@Aggregate(cache = "aggregateCache", lockFactory = "ticketLocks")
public class Ticket {

    static final int MAX_ENTRIES = 500;
    static final int MAX_ID = 100;

    @AggregateIdentifier
    private String ticketId;
    private String workspaceId;
    private Set<String> contactIds;
    private Set<String> memberIds;
    private boolean open;

    protected Ticket() {
    }

    @CommandHandler
    public Ticket(RegisterTicket command, WorkspaceDirectory directory) {
        requireManager(directory, command.workspaceId(), command.actor());
        Violations violations = new Violations();
        if (command.reference() == null || command.reference().isBlank() || command.reference().length() > MAX_ID) {
            violations.add("reference", "A ticket needs its helpdesk reference (at most " + MAX_ID + " characters)");
        }
        checkIds("contactIds", command.contactIds(), violations);
        checkIds("memberIds", command.memberIds(), violations);
        violations.throwIfAny();
        apply(new TicketRegistered(command.ticketId(), command.workspaceId(), command.reference().strip(),
                copy(command.contactIds()), copy(command.memberIds()), command.actor()));
    }

    @CommandHandler
    public void handle(UpdateTicket command, WorkspaceDirectory directory) {
        if (!workspaceId.equals(command.workspaceId())) {
            throw DomainException.notFound("ticketId", "No such ticket in this workspace");
        }
        requireManager(directory, workspaceId, command.actor());
        Violations violations = new Violations();
        checkIds("contactIds", command.contactIds(), violations);
        checkIds("memberIds", command.memberIds(), violations);
        violations.throwIfAny();
        Set<String> contacts = command.contactIds() == null ? contactIds : copy(command.contactIds());
        Set<String> members = command.memberIds() == null ? memberIds : copy(command.memberIds());
        TicketStatus status = command.status() == null ? (open ? TicketStatus.OPEN : TicketStatus.CLOSED)
                : command.status();
        if (!contacts.equals(contactIds) || !members.equals(memberIds) || (status == TicketStatus.OPEN) != open) {
            apply(new TicketUpdated(ticketId, workspaceId, contacts, members, status, command.actor()));
        }
    }

    @EventSourcingHandler
    void on(TicketRegistered event) {
        ticketId = event.ticketId();
        workspaceId = event.workspaceId();
        contactIds = event.contactIds();
        memberIds = event.memberIds();
        open = true;
    }

    @EventSourcingHandler
    void on(TicketUpdated event) {
        contactIds = event.contactIds();
        memberIds = event.memberIds();
        open = event.open();
    }

    TicketState state() {
        return new TicketState(ticketId, workspaceId, contactIds, memberIds, open);
    }

    /** An integration with the TICKETS scope, or a member who may change every secret. */
    private static void requireManager(WorkspaceDirectory directory, String workspaceId, Actor actor) {
        boolean allowed = actor.type() == ActorType.SERVICE_ACCOUNT
                ? directory.serviceAccount(workspaceId, actor.id())
                        .map(account -> account.scopes().contains(ServiceScope.TICKETS)).orElse(false)
                : AccessPolicy.holdsModifyAll(directory.member(workspaceId, actor.id()));
        if (!allowed) {
            throw DomainException.forbidden("Registering tickets needs the TICKETS scope, MODIFY_ALL or ACCOUNT_OWNER");
        }
    }

    private static void checkIds(String field, Set<String> ids, Violations violations) {
        if (ids == null) {
            return;
        }
        if (ids.size() > MAX_ENTRIES) {
            violations.add(field, "At most " + MAX_ENTRIES + " entries");
        } else if (ids.stream().anyMatch(id -> id == null || id.isBlank() || id.length() > MAX_ID)) {
            violations.add(field, "Ids are 1 to " + MAX_ID + " characters");
        }
    }

    private static Set<String> copy(Set<String> ids) {
        return ids == null ? Set.of() : Set.copyOf(ids);
    }
}
