package io.secretledger.api.reminder;

import io.secretledger.api.common.Actor;

import java.time.Instant;

/** No more reminders about the secret's expiry {@code expiresAt} (null: it had none); a new one may follow. */
public record SecretRotationMarked(String secretId, String workspaceId, Instant expiresAt, Instant newExpiresAt,
                                   Actor actor) {
}
