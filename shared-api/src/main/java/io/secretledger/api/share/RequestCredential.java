package io.secretledger.api.share;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.Plaintext;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Issue 21: asks a contact related to the secret for the value of one field, by a one-time link mailed to them. */
public record RequestCredential(@TargetAggregateIdentifier String linkId, Plaintext token, String workspaceId,
                                String secretId, String fieldKey, String contactId, String contactEmail,
                                String ticketId, int expiresInHours, Actor actor) {
}
