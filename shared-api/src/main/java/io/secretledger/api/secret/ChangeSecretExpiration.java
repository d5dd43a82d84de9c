package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Sets when a secret expires; null means never. */
public record ChangeSecretExpiration(@TargetAggregateIdentifier String secretId, String workspaceId, Instant expiresAt,
                                     Actor actor) {
}
