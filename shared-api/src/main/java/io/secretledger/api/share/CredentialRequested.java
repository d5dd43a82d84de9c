package io.secretledger.api.share;

import io.secretledger.api.common.Actor;

import java.time.Instant;

public record CredentialRequested(String linkId, String workspaceId, String secretId, String fieldKey,
                                  String fieldLabel, String contactId, String contactEmail, String ticketId,
                                  Instant expiresAt, Actor actor) {
}
