package io.secretledger.graphql.caller;

import io.secretledger.api.workspace.FindWorkspaceSummary;
import io.secretledger.api.workspace.WorkspaceSummary;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.graphql.error.ApiException;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether a workspace is suspended, for the requests that read views (commands are refused by the Workspace
 * itself). Kept for a short while per workspace, so that a request costs no query; an operator's suspension in this
 * process is seen at once ({@link #forget}), in another instance of the API within the time kept.
 */
@Component
public class WorkspaceStatuses {

    private static final int MAX_KEPT = 10_000;

    private final QueryGateway queries;
    private final long keptNanos;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    WorkspaceStatuses(QueryGateway queries,
                      @Value("${secretledger.auth.workspace-status-cache:2s}") Duration kept) {
        this.queries = queries;
        this.keptNanos = kept.toNanos();
    }

    boolean suspended(String workspaceId) {
        long now = System.nanoTime();
        Known entry = known.get(workspaceId);
        if (entry != null && now - entry.at() < keptNanos) {
            return entry.suspended();
        }
        WorkspaceSummary summary = queries.query(new FindWorkspaceSummary(workspaceId), WorkspaceSummary.class)
                .orTimeout(10, TimeUnit.SECONDS).join();
        boolean suspended = summary != null && summary.suspended();
        if (known.size() >= MAX_KEPT) {
            known.clear();
        }
        known.put(workspaceId, new Known(suspended, now));
        return suspended;
    }

    /**
     * A subscription's stream, ended with FORBIDDEN the moment the caller's workspace is suspended, not at its next
     * update: the view of the workspace's state is watched beside it for as long as it is open.
     */
    public <T> Flux<T> untilSuspended(Caller caller, Flux<T> updates) {
        if (caller.workspaceId() == null) {
            return updates;
        }
        return Flux.using(() -> queries.subscriptionQuery(new FindWorkspaceSummary(caller.workspaceId()),
                        WorkspaceSummary.class, WorkspaceSummary.class),
                watch -> {
                    AtomicBoolean suspended = new AtomicBoolean();
                    Mono<WorkspaceSummary> suspension = watch.updates().filter(WorkspaceSummary::suspended).next()
                            .doOnNext(summary -> {
                                suspended.set(true);
                                forget(caller.workspaceId());
                            });
                    return updates.takeUntilOther(suspension).concatWith(Mono.defer(() -> suspended.get()
                            ? Mono.error(new ApiException(ErrorCode.FORBIDDEN, null,
                                    "This workspace is suspended by the installation's operator"))
                            : Mono.empty()));
                },
                SubscriptionQueryResult::close);
    }

    /** After this process changed the workspace's state: the next request asks again. */
    public void forget(String workspaceId) {
        known.remove(workspaceId);
    }

    private record Known(boolean suspended, long at) {
    }
}
