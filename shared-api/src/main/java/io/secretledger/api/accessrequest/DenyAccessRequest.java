package io.secretledger.api.accessrequest;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An approver turns the pending request down, saying why. */
public record DenyAccessRequest(@TargetAggregateIdentifier String requestId, String workspaceId, String comment,
                                Actor actor) {
}
