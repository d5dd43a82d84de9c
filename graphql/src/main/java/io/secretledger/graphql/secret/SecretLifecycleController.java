package io.secretledger.graphql.secret;

import io.secretledger.api.access.LinkSecretToTicket;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.secret.ChangeSecretExpiration;
import io.secretledger.api.secret.DeleteSecret;
import io.secretledger.api.secret.FieldVersions;
import io.secretledger.api.secret.FindFieldVersions;
import io.secretledger.api.secret.FindSecret;
import io.secretledger.api.secret.PurgeSecret;
import io.secretledger.api.secret.RestoreSecret;
import io.secretledger.api.secret.RollbackSecretField;
import io.secretledger.api.secret.SecretView;
import io.secretledger.api.secret.SetSecretActive;
import io.secretledger.graphql.caller.Caller;
import io.secretledger.graphql.error.ApiException;
import io.secretledger.graphql.secret.SecretInputs.PurgeSecretInput;
import io.secretledger.graphql.secret.SecretInputs.PurgeSecretPayload;
import io.secretledger.graphql.secret.SecretInputs.RollbackSecretFieldInput;
import io.secretledger.graphql.secret.SecretInputs.DeleteSecretInput;
import io.secretledger.graphql.secret.SecretInputs.SecretIdInput;
import io.secretledger.graphql.secret.SecretInputs.SecretPayload;
import io.secretledger.graphql.secret.SecretInputs.SecretTicketInput;
import io.secretledger.graphql.secret.SecretInputs.SetSecretActiveInput;
import io.secretledger.graphql.secret.SecretInputs.SetSecretExpirationInput;
import io.secretledger.graphql.support.Ids;
import io.secretledger.graphql.support.ReadYourWrites;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A secret's state over its life: active, expiry, deletion, versions and ticket links. */
@Controller
class SecretLifecycleController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadYourWrites readYourWrites;

    SecretLifecycleController(CommandGateway commands, QueryGateway queries, ReadYourWrites readYourWrites) {
        this.commands = commands;
        this.queries = queries;
        this.readYourWrites = readYourWrites;
    }

    @QueryMapping
    CompletableFuture<List<FieldVersions.Version>> secretFieldVersions(@Argument String secretId,
            @Argument String fieldKey, @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        FindFieldVersions query = new FindFieldVersions(who.workspaceId(), who.memberId(),
                Ids.require(secretId, "secretId"), fieldKey);
        return queries.query(query, FieldVersions.class).thenApply(found -> {
            if (found == null) {
                throw new ApiException(ErrorCode.NOT_FOUND, "secretId", "No such secret in this workspace");
            }
            return found.versions();
        });
    }

    @MutationMapping
    CompletableFuture<SecretPayload> setSecretActive(@Argument SetSecretActiveInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        return change(caller, input.secretId(),
                who -> new SetSecretActive(input.secretId(), who.workspaceId(), Boolean.TRUE.equals(input.active()),
                        who.actor()));
    }

    @MutationMapping
    CompletableFuture<SecretPayload> setSecretExpiration(@Argument SetSecretExpirationInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        return change(caller, input.secretId(),
                who -> new ChangeSecretExpiration(input.secretId(), who.workspaceId(), input.expiresAt(), who.actor()));
    }

    @MutationMapping
    CompletableFuture<SecretPayload> deleteSecret(@Argument DeleteSecretInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        return change(caller, input.secretId(), who -> new DeleteSecret(input.secretId(), who.workspaceId(),
                Boolean.TRUE.equals(input.force()), who.actor()));
    }

    @MutationMapping
    CompletableFuture<SecretPayload> restoreSecret(@Argument SecretIdInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        return change(caller, input.secretId(), who -> new RestoreSecret(input.secretId(), who.workspaceId(), who.actor()));
    }

    /** The purged secret leaves the read model, so there is nothing to wait for but the command. */
    @MutationMapping
    CompletableFuture<PurgeSecretPayload> purgeSecret(@Argument PurgeSecretInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String secretId = Ids.require(input.secretId(), "secretId");
        return commands.send(new PurgeSecret(secretId, who.workspaceId(), input.confirmName(), who.actor()))
                .thenApply(done -> new PurgeSecretPayload(secretId));
    }

    @MutationMapping
    CompletableFuture<SecretPayload> rollbackSecretField(@Argument RollbackSecretFieldInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        return change(caller, input.secretId(),
                who -> new RollbackSecretField(input.secretId(), who.workspaceId(), input.fieldKey(),
                        input.toVersion() == null ? 0 : input.toVersion(), who.actor()));
    }

    @MutationMapping
    CompletableFuture<SecretPayload> linkSecretToTicket(@Argument SecretTicketInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        return change(caller, input.secretId(), who -> new LinkSecretToTicket(input.secretId(), who.workspaceId(),
                Ids.require(input.ticketId(), "ticketId"), true, who.actor()));
    }

    @MutationMapping
    CompletableFuture<SecretPayload> unlinkSecretFromTicket(@Argument SecretTicketInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        return change(caller, input.secretId(), who -> new LinkSecretToTicket(input.secretId(), who.workspaceId(),
                Ids.require(input.ticketId(), "ticketId"), false, who.actor()));
    }

    /** Sends a change of one secret and answers with the secret once the view reflects it. */
    private CompletableFuture<SecretPayload> change(Caller caller, String secretId, Function<Caller, Object> command) {
        Caller who = Caller.require(caller);
        Ids.require(secretId, "secretId");
        return readYourWrites.sendUntilVersion(new FindSecret(who.workspaceId(), who.memberId(), secretId),
                SecretView.class, () -> commands.<Long>send(command.apply(who)), SecretView::version)
                .thenApply(SecretPayload::new);
    }
}
