package io.secretledger.api.webhook;

/** The workspace's webhooks and their latest deliveries, for an account owner; empty for anyone else. */
public record FindWebhooks(String workspaceId, String viewerId, int deliveries) {
}
