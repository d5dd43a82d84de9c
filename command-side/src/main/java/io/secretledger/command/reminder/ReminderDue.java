package io.secretledger.command.reminder;

import java.time.Instant;

/** The payload of a secret's next reminder deadline: the expiry it was planned for, to spot stale ones. */
record ReminderDue(String secretId, Instant expiresAt) {
}
