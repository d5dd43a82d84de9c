package io.secretledger.api.accessrequest;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An approver (MODIFY_ALL or ACCOUNT_OWNER, never the requester) grants the pending request from now on. */
public record ApproveAccessRequest(@TargetAggregateIdentifier String requestId, String workspaceId, String comment,
                                   Actor actor) {
}
