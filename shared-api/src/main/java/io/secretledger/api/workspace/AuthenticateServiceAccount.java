package io.secretledger.api.workspace;

import io.secretledger.api.common.Plaintext;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Checks a presented API token against the workspace's current state, so a revoked token fails on the very
 * next request; records nothing. Answered with a {@link ServiceAccountIdentity}.
 */
public record AuthenticateServiceAccount(@TargetAggregateIdentifier String workspaceId, String tokenId,
                                         Plaintext secret) {
}
