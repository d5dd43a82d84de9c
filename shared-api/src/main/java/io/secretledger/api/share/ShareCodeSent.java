package io.secretledger.api.share;

import io.secretledger.api.common.Actor;

import java.time.Instant;

public record ShareCodeSent(String linkId, String workspaceId, String secretId, int number, Instant expiresAt,
                            Actor actor) {
}
