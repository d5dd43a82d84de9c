package io.secretledger.api.departure;

import java.time.Instant;

/**
 * A page of the exposures of {@link FindDepartureReport}'s subject and range, oldest first, after the exposure
 * ({@code afterAt}, {@code afterId}) of the previous page (both null on the first). Answered with a
 * {@link DepartureExposurePage}.
 */
public record FindDepartureExposures(String workspaceId, String viewerId, String subjectId, Instant from, Instant to,
                                     Instant afterAt, String afterId, int limit) {
}
