package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;

public record ServiceAccountTokenIssued(String workspaceId, String serviceAccountId, String tokenId,
                                        String secretSha256, Actor actor) {
}
