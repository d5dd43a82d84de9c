package io.secretledger.api.reminder;

import io.secretledger.api.common.Actor;

import java.time.Instant;
import java.util.List;

/**
 * A reminder fell due: {@code leadDays} before the secret's expiry ({@code passedLeadDays}, every lead time that
 * passed since the last one, when several passed at once). It goes out in digest {@code digest}.
 */
public record ExpiryReminderDue(String secretId, String workspaceId, String name, Instant expiresAt, int leadDays,
                                List<Integer> passedLeadDays, long digest, Actor actor) {
}
