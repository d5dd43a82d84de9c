package io.secretledger.graphql.secret;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.secret.CreateSecret;
import io.secretledger.api.secret.EditSecret;
import io.secretledger.api.secret.FindSecret;
import io.secretledger.api.secret.FindSecretAsOf;
import io.secretledger.api.secret.FindSecretHistory;
import io.secretledger.api.secret.SecretAsOf;
import io.secretledger.api.secret.FindSecrets;
import io.secretledger.api.secret.HistoryEntry;
import io.secretledger.api.secret.HistoryPage;
import io.secretledger.api.secret.RevealSecretField;
import io.secretledger.api.secret.RevealedValue;
import io.secretledger.api.secret.SecretOrder;
import io.secretledger.api.secret.SecretPage;
import io.secretledger.api.secret.SecretView;
import io.secretledger.api.secret.WatchSecrets;
import io.secretledger.api.secret.WatchTicketPanel;
import io.secretledger.api.template.FindTemplate;
import io.secretledger.api.template.TemplateView;
import io.secretledger.graphql.caller.Caller;
import io.secretledger.graphql.caller.WorkspaceStatuses;
import io.secretledger.graphql.error.ApiException;
import io.secretledger.graphql.secret.SecretInputs.CreateSecretInput;
import io.secretledger.graphql.secret.SecretInputs.FieldValueInput;
import io.secretledger.graphql.secret.SecretInputs.RevealSecretFieldInput;
import io.secretledger.graphql.secret.SecretInputs.RevealSecretFieldPayload;
import io.secretledger.graphql.secret.SecretInputs.SecretPayload;
import io.secretledger.graphql.secret.SecretInputs.UpdateSecretInput;
import io.secretledger.graphql.support.Ids;
import io.secretledger.graphql.support.Pages;
import io.secretledger.graphql.support.ReadYourWrites;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.graphql.data.query.ScrollSubrange;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Queries, mutations and the subscription of secrets; talks to the rest only through Axon's gateways. */
@Controller
class SecretController {

    private static final int MAX_SEARCH = 100;

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadYourWrites readYourWrites;
    private final Pages pages;
    private final WorkspaceStatuses statuses;

    SecretController(CommandGateway commands, QueryGateway queries, ReadYourWrites readYourWrites, Pages pages,
                     WorkspaceStatuses statuses) {
        this.statuses = statuses;
        this.commands = commands;
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.pages = pages;
    }

    @QueryMapping
    CompletableFuture<SecretView> secret(@Argument String id,
                                         @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        return queries.query(new FindSecret(who.workspaceId(), who.memberId(), Ids.require(id, "id")), SecretView.class);
    }

    @QueryMapping
    CompletableFuture<SecretView> secretAsOf(@Argument String id, @Argument Instant at,
                                             @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        if (at == null) {
            throw new ApiException(ErrorCode.VALIDATION, "at", "Give the instant to look at");
        }
        return queries.query(new FindSecretAsOf(who.workspaceId(), who.memberId(), Ids.require(id, "id"), at),
                SecretAsOf.class).thenApply(found -> {
                    if (found != null && found.secret() == null) {
                        throw new ApiException(ErrorCode.VALIDATION, "at", "The secret did not exist yet at " + at
                                + "; it was created at " + found.createdAt());
                    }
                    return found == null ? null : found.secret();
                });
    }

    @QueryMapping
    CompletableFuture<Window<SecretView>> secrets(ScrollSubrange subrange, @Argument String nameContains,
                                                  @Argument String namePrefix, @Argument String templateId,
                                                  @Argument Boolean active, @Argument Boolean expired,
                                                  @Argument Integer expiringWithinDays, @Argument Boolean deleted,
                                                  @Argument SecretOrder order, @Argument String ticketId,
                                                  @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        for (Map.Entry<String, String> search : Map.of("nameContains", String.valueOf(nameContains),
                "namePrefix", String.valueOf(namePrefix)).entrySet()) {
            if (search.getValue().length() > MAX_SEARCH) {
                throw new ApiException(ErrorCode.VALIDATION, search.getKey(),
                        "Search for at most " + MAX_SEARCH + " characters");
            }
        }
        if (expiringWithinDays != null && (expiringWithinDays < 0 || expiringWithinDays > 36_500)) {
            throw new ApiException(ErrorCode.VALIDATION, "expiringWithinDays", "From 0 to 36500 days");
        }
        int limit = pages.size(subrange);
        Map<String, Object> after = pages.keysetAfter(subrange);
        SecretOrder sort = order == null ? SecretOrder.NAME : order;
        String afterKey = (String) after.get("k");
        if (afterKey != null && sort != SecretOrder.NAME && !isInstant(afterKey)) {
            throw new ApiException(ErrorCode.VALIDATION, "after", "Not a cursor of this list in this order");
        }
        FindSecrets query = new FindSecrets(who.workspaceId(), who.memberId(), Ids.optional(ticketId, "ticketId"),
                nameContains, namePrefix, Ids.optional(templateId, "templateId"), active, expired,
                Boolean.TRUE.equals(deleted),
                expiringWithinDays == null ? null : Instant.now().plus(Duration.ofDays(expiringWithinDays)),
                sort, afterKey, (String) after.get("id"), limit);
        return queries.query(query, SecretPage.class).thenApply(page -> Window.from(page.items(),
                index -> ScrollPosition.forward(Map.of("k", cursorKey(page.items().get(index), sort),
                        "id", page.items().get(index).id())), page.hasNext()));
    }

    private static boolean isInstant(String value) {
        try {
            Instant.parse(value);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /** What a row is ordered by, which the next page starts after. */
    private static String cursorKey(SecretView secret, SecretOrder order) {
        Instant at = switch (order) {
            case NAME -> null;
            case CREATED -> secret.createdAt();
            case UPDATED -> secret.updatedAt();
            case EXPIRES -> secret.expiresAt();
        };
        return order == SecretOrder.NAME ? secret.name() : String.valueOf(at);
    }

    @SchemaMapping(typeName = "Secret", field = "template")
    CompletableFuture<TemplateView> template(SecretView secret) {
        return queries.query(new FindTemplate(secret.workspaceId(), secret.templateId()), TemplateView.class);
    }

    @SchemaMapping(typeName = "Secret", field = "history")
    CompletableFuture<Window<HistoryEntry>> history(SecretView secret, ScrollSubrange subrange, @Argument String order,
                                                    @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        int limit = pages.size(subrange);
        Object after = pages.keysetAfter(subrange).get("seq");
        Long afterSequence = after == null ? null : Long.valueOf(String.valueOf(after));
        FindSecretHistory query = new FindSecretHistory(who.workspaceId(), who.memberId(), secret.id(), !"OLDEST_FIRST".equals(order),
                afterSequence, limit);
        return queries.query(query, HistoryPage.class).thenApply(page -> {
            List<HistoryEntry> entries = page == null ? List.of() : page.entries();
            return Window.from(entries, index -> ScrollPosition.forward(Map.of("seq", String.valueOf(entries.get(index).sequence()))),
                    page != null && page.hasNext());
        });
    }

    @MutationMapping
    CompletableFuture<SecretPayload> createSecret(@Argument CreateSecretInput input,
                                                  @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String secretId = Ids.newId();
        CreateSecret command = new CreateSecret(secretId, who.workspaceId(),
                Ids.optional(input.templateId(), "templateId"), input.name(), input.description(), input.visibility(),
                input.expiresAt(), FieldValueInput.toCommand(input.values()), who.actor());
        return readYourWrites.send(new FindSecret(who.workspaceId(), who.memberId(), secretId), SecretView.class,
                () -> commands.send(command), created -> view -> true).thenApply(SecretPayload::new);
    }

    @MutationMapping
    CompletableFuture<SecretPayload> updateSecret(@Argument UpdateSecretInput input,
                                                  @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String secretId = Ids.require(input.id(), "id");
        if (input.expectedVersion() == null || input.expectedVersion() < 0) {
            throw new ApiException(ErrorCode.VALIDATION, "expectedVersion", "Send the version you read");
        }
        EditSecret command = new EditSecret(secretId, who.workspaceId(), input.expectedVersion(), input.name(),
                input.description(), FieldValueInput.toCommand(input.values()), who.actor());
        return readYourWrites.sendUntilVersion(new FindSecret(who.workspaceId(), who.memberId(), secretId),
                SecretView.class, () -> commands.<Long>send(command), SecretView::version)
                .thenApply(SecretPayload::new);
    }

    @MutationMapping
    CompletableFuture<RevealSecretFieldPayload> revealSecretField(@Argument RevealSecretFieldInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        RevealSecretField command = new RevealSecretField(Ids.require(input.secretId(), "secretId"), who.workspaceId(),
                input.fieldKey(), Ids.optional(input.ticketId(), "ticketId"),
                Boolean.TRUE.equals(input.confirmExpired()), input.reason(), who.actor(),
                Boolean.TRUE.equals(input.seed()));
        return commands.<RevealedValue>send(command).thenApply(revealed -> {
            if (revealed.refusal() != null) {
                throw ApiException.of(revealed.refusal());
            }
            return new RevealSecretFieldPayload(revealed.secretId(), revealed.fieldKey(), revealed.fieldVersion(),
                    revealed.grant(), revealed.value().value(), revealed.oneTimeCode());
        });
    }

    /**
     * Each secret of the caller's workspace that the caller may see, as it is created, changed, deleted or restored
     * (the console's live lists). Every change is read again through the query, which applies the access policy, so
     * a secret the caller may not see is never named; the subscription ends with FORBIDDEN once the caller leaves.
     */
    @SubscriptionMapping
    Flux<SecretView> secretsChanged(@ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        WatchSecrets watch = new WatchSecrets(who.workspaceId(), who.memberId());
        SubscriptionQueryResult<Boolean, String> result = queries.subscriptionQuery(watch, Boolean.class, String.class);
        Flux<SecretView> changes = result.initialResult().flatMapMany(allowed -> Boolean.TRUE.equals(allowed)
                ? result.updates().concatMap(secretId -> Mono.fromFuture(queries.query(watch, Boolean.class))
                        .flatMap(still -> Boolean.TRUE.equals(still)
                                ? Mono.fromFuture(queries.query(new FindSecret(who.workspaceId(), who.memberId(),
                                        secretId), SecretView.class))
                                : Mono.error(new ApiException(ErrorCode.FORBIDDEN, null,
                                        "You may no longer see this workspace's secrets"))))
                : Flux.error(new ApiException(ErrorCode.FORBIDDEN, null, "You may not watch this workspace")));
        return statuses.untilSuspended(who, who.untilTokenExpires(changes)).doFinally(signal -> result.close());
    }

    /**
     * The secret as it is now, then again each time it changes. Each change is read again through the
     * query, which applies the access policy, so a subscriber who loses access receives nothing more and
     * the subscription ends with FORBIDDEN.
     */
    @SubscriptionMapping
    Flux<List<SecretView>> ticketPanelChanged(@Argument String ticketId,
                                              @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        WatchTicketPanel watch = new WatchTicketPanel(who.workspaceId(), who.memberId(),
                Ids.require(ticketId, "ticketId"));
        FindSecrets panel = new FindSecrets(who.workspaceId(), who.memberId(), watch.ticketId(), null, null, null,
                MAX_SEARCH);
        SubscriptionQueryResult<Boolean, String> result = queries.subscriptionQuery(watch, Boolean.class, String.class);
        Flux<List<SecretView>> panels = Flux.concat(Mono.just("now"), result.updates())
                .concatMap(reason -> Mono.fromFuture(queries.query(watch, Boolean.class)))
                .concatMap(still -> Boolean.TRUE.equals(still)
                        ? Mono.fromFuture(queries.query(panel, SecretPage.class)).map(SecretPage::items)
                        : Mono.<List<SecretView>>error(new ApiException(ErrorCode.FORBIDDEN, "ticketId",
                                "You may no longer see this ticket's panel")))
                .distinctUntilChanged();
        return statuses.untilSuspended(who, who.untilTokenExpires(result.initialResult().flatMapMany(allowed ->
                        Boolean.TRUE.equals(allowed) ? panels : Flux.<List<SecretView>>error(new ApiException(
                                ErrorCode.NOT_FOUND, "ticketId", "No such ticket")))))
                .doFinally(signal -> result.close());
    }

    @SubscriptionMapping
    Flux<SecretView> secretChanged(@Argument String id,
                                   @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        FindSecret query = new FindSecret(who.workspaceId(), who.memberId(), Ids.require(id, "id"));
        SubscriptionQueryResult<SecretView, SecretView> result = queries.subscriptionQuery(query, SecretView.class,
                SecretView.class);
        return statuses.untilSuspended(who, who.untilTokenExpires(result.initialResult()
                .switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.NOT_FOUND, "id", "No such secret")))
                .concatWith(result.updates().concatMap(update -> Mono.fromFuture(queries.query(query, SecretView.class))
                        .switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.FORBIDDEN, "id",
                                "You may no longer see this secret")))))))
                .doFinally(signal -> result.close());
    }

}
