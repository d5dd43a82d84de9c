package io.secretledger.api.secret;

/** One secret, as {@code viewerId} (a member of the workspace) may see it; null if they may not. */
public record FindSecret(String workspaceId, String viewerId, String secretId) {
}
