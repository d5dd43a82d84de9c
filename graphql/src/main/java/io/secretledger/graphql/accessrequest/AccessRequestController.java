package io.secretledger.graphql.accessrequest;

import io.secretledger.api.accessrequest.AccessRequestIds;
import io.secretledger.api.accessrequest.AccessRequestPage;
import io.secretledger.api.accessrequest.AccessRequestState;
import io.secretledger.api.accessrequest.AccessRequestStatus;
import io.secretledger.api.accessrequest.AccessRequestView;
import io.secretledger.api.accessrequest.ApproveAccessRequest;
import io.secretledger.api.accessrequest.BreakGlass;
import io.secretledger.api.accessrequest.DenyAccessRequest;
import io.secretledger.api.accessrequest.FindAccessRequests;
import io.secretledger.api.accessrequest.RequestAccess;
import io.secretledger.api.accessrequest.WatchAccessRequests;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.graphql.caller.Caller;
import io.secretledger.graphql.caller.WorkspaceStatuses;
import io.secretledger.graphql.error.ApiException;
import io.secretledger.graphql.support.Ids;
import io.secretledger.graphql.support.Pages;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.graphql.data.query.ScrollSubrange;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Just-in-time access (issue 20): requests for a ticket, their decisions, break-glass, and their stream. */
@Controller
class AccessRequestController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Pages pages;
    private final WorkspaceStatuses statuses;

    AccessRequestController(CommandGateway commands, QueryGateway queries, Pages pages, WorkspaceStatuses statuses) {
        this.commands = commands;
        this.queries = queries;
        this.pages = pages;
        this.statuses = statuses;
    }

    record RequestAccessInput(String secretId, String ticketId, String reason, Integer durationMinutes) {
    }

    record DecideAccessRequestInput(String requestId, String comment) {
    }

    record BreakGlassInput(String secretId, String reason, Integer durationMinutes) {
    }

    @QueryMapping
    CompletableFuture<Window<AccessRequestView>> accessRequests(ScrollSubrange subrange,
            @Argument AccessRequestStatus status,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        int limit = pages.size(subrange);
        Map<String, Object> after = pages.keysetAfter(subrange);
        Instant afterAt = after.get("at") == null ? null : Instant.parse((String) after.get("at"));
        FindAccessRequests query = new FindAccessRequests(who.workspaceId(), who.memberId(), status, afterAt,
                (String) after.get("id"), limit);
        return queries.query(query, AccessRequestPage.class).thenApply(page -> Window.from(page.items(),
                index -> ScrollPosition.forward(Map.of("at", page.items().get(index).requestedAt().toString(),
                        "id", page.items().get(index).id())), page.hasNext()));
    }

    @MutationMapping
    CompletableFuture<AccessRequestState> requestAccess(@Argument RequestAccessInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String secretId = Ids.require(input.secretId(), "secretId");
        return commands.send(new RequestAccess(AccessRequestIds.of(secretId, who.memberId()), who.workspaceId(),
                secretId, Ids.require(input.ticketId(), "ticketId"), input.reason(),
                minutes(input.durationMinutes()), who.actor()));
    }

    @MutationMapping
    CompletableFuture<AccessRequestState> approveAccessRequest(@Argument DecideAccessRequestInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        return commands.send(new ApproveAccessRequest(Ids.require(input.requestId(), "requestId"),
                who.workspaceId(), input.comment(), who.actor()));
    }

    @MutationMapping
    CompletableFuture<AccessRequestState> denyAccessRequest(@Argument DecideAccessRequestInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        return commands.send(new DenyAccessRequest(Ids.require(input.requestId(), "requestId"),
                who.workspaceId(), input.comment(), who.actor()));
    }

    @MutationMapping
    CompletableFuture<AccessRequestState> breakGlass(@Argument BreakGlassInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String secretId = Ids.require(input.secretId(), "secretId");
        return commands.send(new BreakGlass(AccessRequestIds.of(secretId, who.memberId()), who.workspaceId(),
                secretId, input.reason(), minutes(input.durationMinutes()), who.actor()));
    }

    @SubscriptionMapping
    Flux<AccessRequestView> accessRequestsChanged(
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        WatchAccessRequests watch = new WatchAccessRequests(who.workspaceId(), who.memberId());
        SubscriptionQueryResult<Boolean, AccessRequestView> result = queries.subscriptionQuery(watch,
                ResponseTypes.instanceOf(Boolean.class), ResponseTypes.instanceOf(AccessRequestView.class));
        return statuses.untilSuspended(who, who.untilTokenExpires(result.initialResult().flatMapMany(member ->
                        Boolean.TRUE.equals(member) ? result.updates() : Flux.<AccessRequestView>error(
                                new ApiException(ErrorCode.FORBIDDEN, null, "Not a member of this workspace")))))
                .doFinally(signal -> result.close());
    }

    private static int minutes(Integer durationMinutes) {
        if (durationMinutes == null) {
            throw new ApiException(ErrorCode.VALIDATION, "durationMinutes", "Say for how many minutes");
        }
        return durationMinutes;
    }
}
