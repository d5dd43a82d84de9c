package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;

public record SecretDeactivated(String secretId, String workspaceId, Actor actor) {
}
