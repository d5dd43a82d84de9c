package io.secretledger.command.reminder;

import java.time.Duration;

/** How long a digest collects the reminders falling due after its first, so that a member gets one mail for them. */
public record ReminderTiming(Duration digestDelay) {
}
