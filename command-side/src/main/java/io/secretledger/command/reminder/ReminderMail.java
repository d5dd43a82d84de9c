package io.secretledger.command.reminder;

import java.time.Instant;
import java.util.List;

/** Mails one member's digest of expiring secrets: names and dates only, never a value. */
public interface ReminderMail {

    /** @param digestKey the same for every attempt at this member's mail of this digest (a Message-ID, say) */
    void send(String email, String digestKey, List<Line> lines);

    /** One secret of a digest; {@code daysLeft} is negative once it has expired. */
    record Line(String name, Instant expiresAt, long daysLeft) {
    }
}
