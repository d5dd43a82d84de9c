package io.secretledger.api.reminder;

/**
 * The identifier of a workspace's expiry reminders (one aggregate per workspace): apart from the workspace's own,
 * since both live in one event store.
 */
public record ReminderScope(String workspaceId) {

    public static String idOf(String workspaceId) {
        return "expiry-reminders:" + workspaceId;
    }
}
