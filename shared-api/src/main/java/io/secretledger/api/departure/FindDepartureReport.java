package io.secretledger.api.departure;

import java.time.Instant;

/**
 * The summary of what {@code subjectId} (a member, removed or not, or a service account of the workspace) revealed,
 * downloaded or used between {@code from} (inclusive) and {@code to} (exclusive), asked by {@code viewerId}; a null
 * bound does not limit. Answered with a {@link DepartureReport}. {@code operator}: asked by an installation operator
 * (authenticated by the API, ADR 0024), whose read is recorded in the workspace's audit log first; {@code viewerId}
 * is then not checked against the workspace's owners.
 */
public record FindDepartureReport(String workspaceId, String viewerId, boolean operator, String subjectId,
                                  Instant from, Instant to) {

    /** Asked by a member of the workspace, who must own the account. */
    public FindDepartureReport(String workspaceId, String viewerId, String subjectId, Instant from, Instant to) {
        this(workspaceId, viewerId, false, subjectId, from, to);
    }
}
