package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ErrorCode;

/**
 * A member of the secret's workspace asked to reveal a field and was refused (no grant, a restricted or expired
 * secret, no fresh e-mailed code): auditors see attempts, not only successes. Nothing was decrypted.
 */
public record SecretRevealRefused(String secretId, String workspaceId, String fieldKey, String ticketId,
                                  ErrorCode reason, Actor actor) {
}
