package io.secretledger.api.share;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.Plaintext;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Issue 21: a link that shows one sensitive field to one contact related to the secret, on a ticket, for at most
 * {@code expiresInHours} (the workspace's maximum at most) and {@code maxViews} views. {@code linkId} is
 * {@link ShareLinkIds#of} the token; the token travels only to be mailed to the contact and is never stored.
 */
public record ShareField(@TargetAggregateIdentifier String linkId, Plaintext token, String workspaceId,
                         String secretId, String fieldKey, String contactId, String contactEmail, String ticketId,
                         int expiresInHours, int maxViews, boolean requireCode, Actor actor) {
}
