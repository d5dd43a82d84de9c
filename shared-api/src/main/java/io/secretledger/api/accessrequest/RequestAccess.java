package io.secretledger.api.accessrequest;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A member asks to reveal a secret they cannot reach, for a ticket, with a reason, for some minutes (at most the
 * workspace's {@code maxAccessRequestHours}); {@code requestId} is {@link AccessRequestIds#of} the secret and the
 * member. Answered with an {@link AccessRequestState}.
 */
public record RequestAccess(@TargetAggregateIdentifier String requestId, String workspaceId, String secretId,
                            String ticketId, String reason, int durationMinutes, Actor actor) {
}
