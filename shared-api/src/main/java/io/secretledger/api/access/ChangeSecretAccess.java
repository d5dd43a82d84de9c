package io.secretledger.api.access;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
import java.util.Set;

/** Replaces a secret's static assignments and dynamic rules; null leaves that part unchanged. */
public record ChangeSecretAccess(@TargetAggregateIdentifier String secretId, String workspaceId,
                                 Set<String> assignedMemberIds, List<AccessRule> rules, Actor actor) {
}
