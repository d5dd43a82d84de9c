package io.secretledger.api.secret;

/**
 * Subscribes to the changes of a workspace's secrets (issue 22, the console's live lists): answered with whether
 * the viewer may watch them (a member of the workspace), then updated with the id of each secret of the workspace as
 * it is created, changed, deleted or restored. What the viewer is then shown of it is asked with {@link FindSecret},
 * so a secret they may not see is never named to them.
 */
public record WatchSecrets(String workspaceId, String viewerId) {
}
