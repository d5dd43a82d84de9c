package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;

import java.time.Instant;

/** Recorded by the secret's expiration deadline when {@code expiresAt} passes; the actor is the system. */
public record SecretExpired(String secretId, String workspaceId, Instant expiresAt, Actor actor) {
}
