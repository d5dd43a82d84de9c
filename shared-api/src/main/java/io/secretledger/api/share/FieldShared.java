package io.secretledger.api.share;

import io.secretledger.api.common.Actor;

import java.time.Instant;

/** A share link was made; the token is not here, only its hash as {@code linkId}. */
public record FieldShared(String linkId, String workspaceId, String secretId, String fieldKey, int fieldVersion,
                          String fieldLabel, String contactId, String contactEmail, String ticketId, Instant expiresAt,
                          int maxViews, boolean requireCode, Actor actor) {
}
