package io.secretledger.api.share;

/** A secret's share links and credential requests, newest first; never a token. */
public record FindShareLinks(String workspaceId, String viewerId, String secretId) {
}
