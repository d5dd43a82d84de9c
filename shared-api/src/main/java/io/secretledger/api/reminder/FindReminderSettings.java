package io.secretledger.api.reminder;

/**
 * The lead times in force: the workspace's defaults, or with {@code secretId} that secret's (its own or the
 * defaults). Answers null for a secret the viewer may not see.
 */
public record FindReminderSettings(String workspaceId, String viewerId, String secretId) {
}
