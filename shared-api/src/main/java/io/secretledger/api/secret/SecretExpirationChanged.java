package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;

import java.time.Instant;

public record SecretExpirationChanged(String secretId, String workspaceId, Instant expiresAt, Actor actor) {
}
