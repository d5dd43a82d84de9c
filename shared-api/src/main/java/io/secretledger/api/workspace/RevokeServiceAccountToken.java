package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RevokeServiceAccountToken(@TargetAggregateIdentifier String workspaceId, String serviceAccountId,
                                        String tokenId, Actor actor) {
}
