package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;

/**
 * Recorded before a value is handed out: who saw which field at which version, under which grant, on which
 * ticket (may be null) and why (the reason the member gave; may be null); {@code expiredConfirmed} when the
 * secret had expired and the caller confirmed revealing it anyway.
 */
public record SecretRevealed(String secretId, String workspaceId, String fieldKey, int fieldVersion,
                             String grant, String ticketId, boolean expiredConfirmed, String reason, Actor actor) {
}
