package io.secretledger.api.reminder;

/**
 * A subscription to the reminders falling due in the workspace, of the secrets the viewer may see: the initial
 * answer is true, the updates are {@link ExpiryReminder}s.
 */
public record WatchExpiryReminders(String workspaceId, String viewerId) {
}
