package io.secretledger.graphql.access;

import io.secretledger.api.access.AccessDecision;
import io.secretledger.api.access.AccessRule;
import io.secretledger.api.access.ChangeSecretAccess;
import io.secretledger.api.access.ExplainAccess;
import io.secretledger.graphql.caller.Caller;
import io.secretledger.graphql.support.Ids;
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

/** Who reaches a secret: its assignments and rules, and the explanation of a decision. */
@Controller
class AccessController {

    private final CommandGateway commands;

    AccessController(CommandGateway commands) {
        this.commands = commands;
    }

    record ChangeSecretAccessInput(String secretId, List<String> assignedMemberIds, List<AccessRule> rules) {
    }

    record ChangeSecretAccessPayload(String secretId) {
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
        Set<String> assigned = null;
        if (input.assignedMemberIds() != null) {
            assigned = new LinkedHashSet<>();
            for (String memberId : input.assignedMemberIds()) {
                assigned.add(Ids.require(memberId, "assignedMemberIds"));
            }
        }
        return commands.send(new ChangeSecretAccess(secretId, who.workspaceId(), assigned, input.rules(), who.actor()))
                .thenApply(done -> new ChangeSecretAccessPayload(secretId));
    }
}
