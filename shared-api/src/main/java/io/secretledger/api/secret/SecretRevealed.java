package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;

/**
 * Recorded before a value is handed out: who saw which field at which version, under which grant and on
 * which ticket (may be null); {@code expiredConfirmed} when the secret had expired and the caller confirmed
 * revealing it anyway.
 */
public record SecretRevealed(String secretId, String workspaceId, String fieldKey, int fieldVersion,
                             String grant, String ticketId, boolean expiredConfirmed, Actor actor) {
}
