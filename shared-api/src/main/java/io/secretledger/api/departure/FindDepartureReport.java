package io.secretledger.api.departure;

import java.time.Instant;

/**
 * The summary of what {@code subjectId} (a member, removed or not, or a service account of the workspace) revealed,
 * downloaded or used between {@code from} (inclusive) and {@code to} (exclusive), asked by {@code viewerId}; a null
 * bound does not limit. Answered with a {@link DepartureReport}.
 */
public record FindDepartureReport(String workspaceId, String viewerId, String subjectId, Instant from, Instant to) {
}
