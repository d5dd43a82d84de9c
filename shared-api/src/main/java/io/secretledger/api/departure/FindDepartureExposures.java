package io.secretledger.api.departure;

import java.time.Instant;

/**
 * A page of the exposures of {@link FindDepartureReport}'s subject and range, oldest first, after the exposure
 * ({@code afterAt}, {@code afterId}) of the previous page (both null on the first). Answered with a
 * {@link DepartureExposurePage}. {@code operator} as in {@link FindDepartureReport}.
 */
public record FindDepartureExposures(String workspaceId, String viewerId, boolean operator, String subjectId,
                                     Instant from, Instant to, Instant afterAt, String afterId, int limit) {

    /** Asked by a member of the workspace, who must own the account. */
    public FindDepartureExposures(String workspaceId, String viewerId, String subjectId, Instant from, Instant to,
                                  Instant afterAt, String afterId, int limit) {
        this(workspaceId, viewerId, false, subjectId, from, to, afterAt, afterId, limit);
    }
}
