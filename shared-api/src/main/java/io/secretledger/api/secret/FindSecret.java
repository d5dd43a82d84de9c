package io.secretledger.api.secret;

public record FindSecret(String workspaceId, String secretId) {
}
