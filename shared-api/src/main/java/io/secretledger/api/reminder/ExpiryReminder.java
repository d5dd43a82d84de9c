package io.secretledger.api.reminder;

import java.time.Instant;

/** A reminder as a subscriber sees it: which secret, when it expires, how many days are left (negative: past). */
public record ExpiryReminder(String secretId, String name, Instant expiresAt, int leadDays, long daysLeft,
                             Instant dueAt) {
}
