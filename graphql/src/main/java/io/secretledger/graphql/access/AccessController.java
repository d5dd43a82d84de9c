package io.secretledger.graphql.access;

import io.secretledger.api.access.AccessDecision;
import io.secretledger.api.access.AccessRule;
import io.secretledger.api.access.ChangeSecretAccess;
import io.secretledger.api.access.ChangeSecretRelations;
import io.secretledger.api.access.ExplainAccess;
import io.secretledger.api.secret.FindSecret;
import io.secretledger.api.secret.SecretView;
import io.secretledger.api.ticket.RegisterTicket;
import io.secretledger.api.ticket.TicketStatus;
import io.secretledger.api.ticket.UpdateTicket;
import io.secretledger.graphql.caller.Caller;
import io.secretledger.graphql.support.Ids;
import io.secretledger.graphql.support.ReadYourWrites;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Who reaches a secret: its assignments, rules, tickets and contacts, and the explanation of a decision. */
@Controller
class AccessController {

    private final CommandGateway commands;
    private final ReadYourWrites readYourWrites;

    AccessController(CommandGateway commands, ReadYourWrites readYourWrites) {
        this.commands = commands;
        this.readYourWrites = readYourWrites;
    }

    record ChangeSecretAccessInput(String secretId, List<String> assignedMemberIds, List<AccessRule> rules) {
    }

    record ChangeSecretAccessPayload(String secretId) {
    }

    record RegisterTicketInput(String reference, List<String> contactIds, List<String> memberIds) {
    }

    record UpdateTicketInput(String ticketId, List<String> contactIds, List<String> memberIds, TicketStatus status) {
    }

    record TicketPayload(String ticketId) {
    }

    record ChangeSecretRelationsInput(String secretId, List<String> relatedTicketIds, List<String> relatedContactIds) {
    }

    @MutationMapping
    CompletableFuture<TicketPayload> registerTicket(@Argument RegisterTicketInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String ticketId = Ids.newId();
        return commands.send(new RegisterTicket(ticketId, who.workspaceId(), input.reference(),
                        asSet(input.contactIds()), ids(input.memberIds(), "memberIds"), who.actor()))
                .thenApply(done -> new TicketPayload(ticketId));
    }

    @MutationMapping
    CompletableFuture<TicketPayload> updateTicket(@Argument UpdateTicketInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String ticketId = Ids.require(input.ticketId(), "ticketId");
        return commands.send(new UpdateTicket(ticketId, who.workspaceId(), asSet(input.contactIds()),
                        ids(input.memberIds(), "memberIds"), input.status(), who.actor()))
                .thenApply(done -> new TicketPayload(ticketId));
    }

    @MutationMapping
    CompletableFuture<ChangeSecretAccessPayload> changeSecretRelations(@Argument ChangeSecretRelationsInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String secretId = Ids.require(input.secretId(), "secretId");
        ChangeSecretRelations command = new ChangeSecretRelations(secretId, who.workspaceId(),
                ids(input.relatedTicketIds(), "relatedTicketIds"), asSet(input.relatedContactIds()), who.actor());
        return readYourWrites.sendUntilVersion(new FindSecret(who.workspaceId(), who.memberId(), secretId),
                        SecretView.class, () -> commands.<Long>send(command), SecretView::version)
                .thenApply(view -> new ChangeSecretAccessPayload(secretId));
    }

    private static Set<String> ids(List<String> ids, String field) {
        if (ids == null) {
            return null;
        }
        Set<String> valid = new LinkedHashSet<>();
        for (String id : ids) {
            valid.add(Ids.require(id, field));
        }
        return valid;
    }

    private static Set<String> asSet(List<String> values) {
        return values == null ? null : new LinkedHashSet<>(values);
    }

    /** Answered by the command side from event-sourced state, so it never lags a change (ADR 0003). */
    @QueryMapping
    CompletableFuture<AccessDecision> explainAccess(@Argument String secretId, @Argument String memberId,
                                                    @Argument String ticketId,
                                                    @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        return commands.send(new ExplainAccess(Ids.require(secretId, "secretId"), who.workspaceId(),
                Ids.require(memberId, "memberId"), Ids.optional(ticketId, "ticketId"), who.actor()));
    }

    @MutationMapping
    CompletableFuture<ChangeSecretAccessPayload> changeSecretAccess(@Argument ChangeSecretAccessInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String secretId = Ids.require(input.secretId(), "secretId");
        ChangeSecretAccess command = new ChangeSecretAccess(secretId, who.workspaceId(),
                ids(input.assignedMemberIds(), "assignedMemberIds"), input.rules(), who.actor());
        return readYourWrites.sendUntilVersion(new FindSecret(who.workspaceId(), who.memberId(), secretId),
                        SecretView.class, () -> commands.<Long>send(command), SecretView::version)
                .thenApply(view -> new ChangeSecretAccessPayload(secretId));
    }
}
