package io.secretledger.command.reminder;

import io.secretledger.command.common.Violations;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Reminder lead times: days before an expiry, 0 (on the day) or more, no upper bound, at most a few of them. */
final class LeadDays {

    static final int MAX_ENTRIES = 10;

    private LeadDays() {
    }

    static void check(List<Integer> leadDays, boolean required, Violations violations) {
        if (leadDays == null) {
            if (required) {
                violations.add("leadDays", "Give the lead times in days; an empty list turns reminders off");
            }
            return;
        }
        if (leadDays.size() > MAX_ENTRIES) {
            violations.add("leadDays", "At most " + MAX_ENTRIES + " lead times");
        } else if (leadDays.stream().anyMatch(days -> days == null || days < 0)) {
            violations.add("leadDays", "Lead times are days before the expiry: 0 (on the day) or more");
        }
    }

    /** Distinct, longest first. */
    static List<Integer> normalized(List<Integer> leadDays) {
        return leadDays == null ? null : leadDays.stream().filter(Objects::nonNull).distinct()
                .sorted(Comparator.reverseOrder()).toList();
    }

    /** When a reminder {@code days} before {@code expiresAt} falls due. */
    static Instant pointOf(Instant expiresAt, int days) {
        return expiresAt.minus(Duration.ofDays(days));
    }

    /** Whole days from {@code now} to {@code expiresAt}, rounded down: 0 on the last day, negative once expired. */
    static long daysLeft(Instant now, Instant expiresAt) {
        return Math.floorDiv(Duration.between(now, expiresAt).toSeconds(), 86_400L);
    }
}
