package io.secretledger.api.departure;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Records, in the workspace's event stream and so in its audit log, that {@code actor} (an account owner of the
 * workspace, or an installation operator) is about to read the departure report on {@code memberId} for
 * {@code from}..{@code to} through {@code channel}; the report is given only once this command succeeded (ADR 0024).
 */
public record RecordDepartureReportRead(@TargetAggregateIdentifier String workspaceId, String memberId, Instant from,
                                        Instant to, DepartureChannel channel, Actor actor) {
}
