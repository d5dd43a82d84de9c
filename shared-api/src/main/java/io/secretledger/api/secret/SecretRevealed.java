package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;
import io.secretledger.api.totp.TotpDisclosure;

/**
 * Recorded before a value is handed out: who saw which field at which version, under which grant, on which
 * ticket (may be null) and why (the reason the member gave; may be null); {@code expiredConfirmed} when the
 * secret had expired and the caller confirmed revealing it anyway. {@code totp} says, for a one-time-password
 * field, whether the current code or the seed was handed out (null for every other field, and in events recorded
 * before such fields existed).
 */
public record SecretRevealed(String secretId, String workspaceId, String fieldKey, int fieldVersion,
                             String grant, String ticketId, boolean expiredConfirmed, String reason, Actor actor,
                             TotpDisclosure totp) {

    public SecretRevealed(String secretId, String workspaceId, String fieldKey, int fieldVersion, String grant,
                          String ticketId, boolean expiredConfirmed, String reason, Actor actor) {
        this(secretId, workspaceId, fieldKey, fieldVersion, grant, ticketId, expiredConfirmed, reason, actor, null);
    }
}
