package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Title and division feed the dynamic access rules; null leaves a value unchanged. */
public record ChangeMemberProfile(@TargetAggregateIdentifier String workspaceId, String memberId, String title,
                                  String division, Actor actor) {
}
