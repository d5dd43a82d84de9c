package io.secretledger.api.reminder;

import java.util.List;

/**
 * Reminder lead times in days, longest first, as they apply: a secret's own, or the workspace's defaults
 * ({@code workspaceDefault} true).
 */
public record ReminderSettings(List<Integer> leadDays, boolean workspaceDefault) {
}
