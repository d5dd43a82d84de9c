package io.secretledger.graphql.audit;

import io.secretledger.api.audit.AuditChainReport;
import io.secretledger.api.audit.AuditEntry;
import io.secretledger.api.audit.AuditFilter;
import io.secretledger.api.audit.AuditPage;
import io.secretledger.api.audit.FindAuditEntries;
import io.secretledger.api.audit.FindWhoCouldReveal;
import io.secretledger.api.audit.RevealersAt;
import io.secretledger.api.audit.AuditChainReports;
import io.secretledger.api.audit.VerifyAuditChain;
import io.secretledger.api.audit.VerifyAuditChains;
import io.secretledger.api.workspace.FindWorkspaceSummary;
import io.secretledger.api.workspace.WorkspaceSummary;
import io.secretledger.api.audit.WatchAuditLog;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.graphql.caller.Caller;
import io.secretledger.graphql.caller.WorkspaceStatuses;
import io.secretledger.graphql.error.ApiException;
import io.secretledger.graphql.support.Ids;
import io.secretledger.graphql.support.Pages;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.graphql.data.query.ScrollSubrange;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The workspace audit log and the verification of its hash chain. */
@Controller
class AuditController {

    private final QueryGateway queries;
    private final Pages pages;
    private final WorkspaceStatuses statuses;

    AuditController(QueryGateway queries, Pages pages, WorkspaceStatuses statuses) {
        this.statuses = statuses;
        this.queries = queries;
        this.pages = pages;
    }

    record AuditFilterInput(String actorId, String secretId, String action, Instant from, Instant to) {

        AuditFilter toQuery() {
            requireRange(from, to);
            return new AuditFilter(actorId, secretId, action, from, to);
        }
    }

    static void requireRange(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ApiException(ErrorCode.VALIDATION, "to", "The end of the range must come after its start");
        }
    }

    @QueryMapping
    CompletableFuture<Window<AuditEntry>> auditLog(ScrollSubrange subrange, @Argument AuditFilterInput filter,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        int limit = pages.size(subrange);
        Object after = pages.keysetAfter(subrange).get("position");
        Long afterPosition;
        try {
            afterPosition = after == null ? null : Long.valueOf(String.valueOf(after));
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.VALIDATION, "after", "Not a cursor of this list");
        }
        AuditFilter query = filter == null ? AuditFilter.ALL : filter.toQuery();
        return queries.query(new FindAuditEntries(who.workspaceId(), who.memberId(), query, afterPosition, limit),
                AuditPage.class).thenApply(page -> {
                    if (page == null) {
                        throw forbidden();
                    }
                    List<AuditEntry> entries = page.entries();
                    return Window.from(entries, index -> ScrollPosition.forward(
                            Map.of("position", String.valueOf(entries.get(index).position()))), page.hasNext());
                });
    }

    record WorkspaceAuditChain(String workspaceId, String workspaceName, AuditChainReport report) {
    }

    @QueryMapping
    CompletableFuture<List<WorkspaceAuditChain>> verifyAuditChains(@Argument Instant from, @Argument Instant to,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller.requireOperator(caller, "Installation-wide audit verifications");
        requireRange(from, to);
        return queries.query(new VerifyAuditChains(from, to), AuditChainReports.class).thenCompose(reports -> {
            List<CompletableFuture<WorkspaceAuditChain>> named = reports.workspaces().stream()
                    .map(chain -> queries.query(new FindWorkspaceSummary(chain.workspaceId()), WorkspaceSummary.class)
                            .thenApply(summary -> new WorkspaceAuditChain(chain.workspaceId(),
                                    summary == null ? null : summary.name(), chain.report())))
                    .toList();
            return CompletableFuture.allOf(named.toArray(CompletableFuture[]::new))
                    .thenApply(done -> named.stream().map(CompletableFuture::join).toList());
        });
    }

    @QueryMapping
    CompletableFuture<AuditChainReport> verifyAuditChain(@Argument Instant from, @Argument Instant to,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        requireRange(from, to);
        return queries.query(new VerifyAuditChain(who.workspaceId(), who.memberId(), from, to), AuditChainReport.class)
                .thenApply(report -> {
                    if (report == null) {
                        throw forbidden();
                    }
                    return report;
                });
    }

    @QueryMapping
    CompletableFuture<RevealersAt> whoCouldReveal(@Argument String secretId, @Argument Instant at,
            @Argument String ticketId, @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        FindWhoCouldReveal query = new FindWhoCouldReveal(who.workspaceId(), who.memberId(),
                Ids.require(secretId, "secretId"), at, Ids.optional(ticketId, "ticketId"));
        return queries.query(query, RevealersAt.class).thenApply(answer -> {
            if (answer == null) {
                throw new ApiException(ErrorCode.NOT_FOUND, "secretId",
                        "No such secret in this workspace, or you do not own the account");
            }
            if (!answer.existed()) {
                throw new ApiException(ErrorCode.VALIDATION, "at", "The secret did not exist yet at " + at
                        + "; it was created at " + answer.createdAt());
            }
            return answer;
        });
    }

    /**
     * New entries of the log as the projection writes them, filtered as {@code auditLog}. Each entry is pushed only
     * after the subscriber is found to be an owner still; the entry that removes the subscriber from the
     * workspace ends the subscription itself, with FORBIDDEN.
     */
    @SubscriptionMapping
    Flux<AuditEntry> auditLogAdded(@Argument AuditFilterInput filter,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        WatchAuditLog watch = new WatchAuditLog(who.workspaceId(), who.memberId(),
                filter == null ? AuditFilter.ALL : filter.toQuery());
        SubscriptionQueryResult<Boolean, AuditEntry> result = queries.subscriptionQuery(watch, Boolean.class,
                AuditEntry.class);
        return statuses.untilSuspended(who, who.untilTokenExpires(result.initialResult().flatMapMany(allowed ->
                        Boolean.TRUE.equals(allowed) ? result.updates().concatMap(entry -> stillAllowed(who, watch, entry))
                        : Flux.<AuditEntry>error(forbidden()))))
                .doFinally(signal -> result.close());
    }

    private Mono<AuditEntry> stillAllowed(Caller who, WatchAuditLog watch, AuditEntry entry) {
        if ("MemberRemoved".equals(entry.action()) && who.memberId().equals(entry.targetId())) {
            return Mono.error(forbidden());
        }
        return Mono.fromFuture(queries.query(watch, Boolean.class))
                .flatMap(allowed -> Boolean.TRUE.equals(allowed) ? Mono.just(entry) : Mono.error(forbidden()));
    }

    private static ApiException forbidden() {
        return new ApiException(ErrorCode.FORBIDDEN, null, "Only account owners read the audit log");
    }
}
