package io.secretledger.api.secret;

/**
 * Subscribes to a ticket's secret panel: answered with whether the viewer may watch it (a member of the workspace,
 * an existing ticket), then updated with a reason each time the panel may have changed (a related secret, the
 * ticket, the workspace's members or controls).
 */
public record WatchTicketPanel(String workspaceId, String viewerId, String ticketId) {
}
