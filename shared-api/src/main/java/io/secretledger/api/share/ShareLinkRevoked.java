package io.secretledger.api.share;

import io.secretledger.api.common.Actor;

public record ShareLinkRevoked(String linkId, String workspaceId, String secretId, Actor actor) {
}
