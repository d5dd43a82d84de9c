package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;

public record ServiceAccountTokenRevoked(String workspaceId, String serviceAccountId, String tokenId, Actor actor) {
}
