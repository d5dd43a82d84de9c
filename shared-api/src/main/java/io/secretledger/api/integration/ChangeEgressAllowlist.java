package io.secretledger.api.integration;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Replaces the workspace's egress allowlist (account owners). */
public record ChangeEgressAllowlist(@TargetAggregateIdentifier String workspaceId, List<EgressRule> rules,
                                    Actor actor) {
}
