package io.secretledger.graphql.webhook;

import io.secretledger.api.webhook.ChangeWebhook;
import io.secretledger.api.webhook.DeleteWebhook;
import io.secretledger.api.webhook.FindWebhooks;
import io.secretledger.api.webhook.RegisterWebhook;
import io.secretledger.api.webhook.RotateWebhookSecret;
import io.secretledger.api.webhook.WebhookEventType;
import io.secretledger.api.webhook.WebhookScope;
import io.secretledger.api.webhook.WebhookSecret;
import io.secretledger.api.webhook.WebhookState;
import io.secretledger.api.webhook.WebhookView;
import io.secretledger.graphql.caller.Caller;
import io.secretledger.graphql.support.Ids;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Signed webhooks on change (issue 21, docs/adr/0027): registration and its changes, and the deliveries' record. */
@Controller
class WebhookController {

    private final CommandGateway commands;
    private final QueryGateway queries;

    WebhookController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    record RegisterWebhookInput(String url, List<String> eventTypes) {
    }

    record ChangeWebhookInput(String id, List<String> eventTypes, Boolean enabled) {
    }

    record WebhookIdInput(String id) {
    }

    record WebhookSecretPayload(WebhookView webhook, String signingSecret) {

        static WebhookSecretPayload of(WebhookSecret secret) {
            return new WebhookSecretPayload(new WebhookView(secret.webhookId(), secret.url(), secret.eventTypes(),
                    secret.enabled(), secret.secretVersion(), null, List.of()), secret.signingSecret().value());
        }
    }

    record WebhookPayload(WebhookView webhook) {
    }

    record DeleteWebhookPayload(String id) {
    }

    @QueryMapping
    CompletableFuture<List<WebhookView>> webhooks(@Argument Integer deliveries,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        return queries.query(new FindWebhooks(who.workspaceId(), who.memberId(), deliveries == null ? 20 : deliveries),
                ResponseTypes.multipleInstancesOf(WebhookView.class));
    }

    @QueryMapping
    List<String> webhookEventTypes(@ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller.require(caller);
        return Arrays.stream(WebhookEventType.values()).map(WebhookEventType::wireName).toList();
    }

    @MutationMapping
    CompletableFuture<WebhookSecretPayload> registerWebhook(@Argument RegisterWebhookInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        return commands.<WebhookSecret>send(new RegisterWebhook(WebhookScope.idOf(who.workspaceId()),
                        who.workspaceId(), Ids.newId(), input.url(), input.eventTypes(), who.actor()))
                .thenApply(WebhookSecretPayload::of);
    }

    @MutationMapping
    CompletableFuture<WebhookPayload> changeWebhook(@Argument ChangeWebhookInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String id = Ids.require(input.id(), "id");
        return commands.<WebhookState>send(new ChangeWebhook(WebhookScope.idOf(who.workspaceId()), who.workspaceId(),
                        id, input.eventTypes(), input.enabled(), who.actor()))
                .thenApply(state -> new WebhookPayload(new WebhookView(state.webhookId(), state.url(),
                        state.eventTypes(), state.enabled(), state.secretVersion(), null, List.of())));
    }

    @MutationMapping
    CompletableFuture<WebhookSecretPayload> rotateWebhookSecret(@Argument WebhookIdInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String id = Ids.require(input.id(), "id");
        return commands.<WebhookSecret>send(new RotateWebhookSecret(WebhookScope.idOf(who.workspaceId()),
                who.workspaceId(), id, who.actor())).thenApply(WebhookSecretPayload::of);
    }

    @MutationMapping
    CompletableFuture<DeleteWebhookPayload> deleteWebhook(@Argument WebhookIdInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String id = Ids.require(input.id(), "id");
        return commands.<String>send(new DeleteWebhook(WebhookScope.idOf(who.workspaceId()), who.workspaceId(), id,
                who.actor())).thenApply(DeleteWebhookPayload::new);
    }
}
