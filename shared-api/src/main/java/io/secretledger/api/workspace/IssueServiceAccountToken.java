package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.Plaintext;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records a new API token of a service account by its id and the SHA-256 of its secret (a 256-bit random
 * value made by the API); the secret is shown once to the owner and kept nowhere.
 */
public record IssueServiceAccountToken(@TargetAggregateIdentifier String workspaceId, String serviceAccountId,
                                       String tokenId, Plaintext secret, Actor actor) {
}
