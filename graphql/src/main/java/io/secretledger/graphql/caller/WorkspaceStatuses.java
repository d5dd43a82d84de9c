package io.secretledger.graphql.caller;

import io.secretledger.api.workspace.FindWorkspaceSummary;
import io.secretledger.api.workspace.WorkspaceSummary;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

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

    /** After this process changed the workspace's state: the next request asks again. */
    public void forget(String workspaceId) {
        known.remove(workspaceId);
    }

    private record Known(boolean suspended, long at) {
    }
}
