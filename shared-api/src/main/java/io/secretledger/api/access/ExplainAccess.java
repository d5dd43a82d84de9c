package io.secretledger.api.access;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asks the command side, from the current event-sourced state, who may do what with a secret and why.
 * Records nothing; answered with an {@link AccessDecision}.
 */
public record ExplainAccess(@TargetAggregateIdentifier String secretId, String workspaceId, String memberId,
                            String ticketId, Actor actor) {
}
