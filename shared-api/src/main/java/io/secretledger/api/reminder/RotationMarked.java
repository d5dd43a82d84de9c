package io.secretledger.api.reminder;

import java.time.Instant;

/** The answer to {@link MarkSecretRotated}: the expiry whose reminders were cleared (null if none was planned). */
public record RotationMarked(String secretId, Instant clearedExpiresAt) {
}
