package io.secretledger.api.integration;

/** The workspace's integration configurations, by name; {@code name} null for all, else the one of that name. */
public record FindIntegrations(String workspaceId, String viewerId, String name) {
}
