package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;

public record SecretPurged(String secretId, String workspaceId, String name, Actor actor) {
}
