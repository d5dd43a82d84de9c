package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Asks for the plaintext of one sensitive field; answered with a {@link RevealedValue}. */
public record RevealSecretField(@TargetAggregateIdentifier String secretId, String workspaceId, String fieldKey,
                                String ticketId, Actor actor) {
}
