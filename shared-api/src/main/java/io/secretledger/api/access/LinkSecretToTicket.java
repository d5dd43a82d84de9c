package io.secretledger.api.access;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Links a secret to a ticket (its related tickets) or, with {@code linked} false, unlinks it. */
public record LinkSecretToTicket(@TargetAggregateIdentifier String secretId, String workspaceId, String ticketId,
                                 boolean linked, Actor actor) {
}
