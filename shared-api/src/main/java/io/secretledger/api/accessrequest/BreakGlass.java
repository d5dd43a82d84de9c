package io.secretledger.api.accessrequest;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * An owner grants themselves access to a secret at once, in an emergency, with a mandatory reason: no approver and
 * no ticket. It is marked in the audit log and mailed to every other owner.
 */
public record BreakGlass(@TargetAggregateIdentifier String requestId, String workspaceId, String secretId,
                         String reason, int durationMinutes, Actor actor) {
}
