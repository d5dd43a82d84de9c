package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;

public record SecretActivated(String secretId, String workspaceId, Actor actor) {
}
