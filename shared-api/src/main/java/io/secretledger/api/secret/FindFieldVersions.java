package io.secretledger.api.secret;

/** Every version of one field of a secret, newest first. */
public record FindFieldVersions(String workspaceId, String viewerId, String secretId, String fieldKey) {
}
