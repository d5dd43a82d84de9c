package io.secretledger.api.departure;

import io.secretledger.api.common.Actor;

import java.time.Instant;

/**
 * {@code actor} read the departure report on {@code memberId} (a member, removed or not, or a service account) for
 * {@code from}..{@code to} (null: unbounded) through {@code channel}. Ids and times only, as the report itself.
 */
public record DepartureReportRead(String workspaceId, String memberId, Instant from, Instant to,
                                  DepartureChannel channel, Actor actor) {
}
