package io.secretledger.api.accessrequest;

import io.secretledger.api.common.Actor;

import java.time.Instant;

/** The access of request {@code number} ran out at {@code until}; recorded by SecretLedger itself. */
public record AccessGrantExpired(String requestId, String workspaceId, String secretId, String memberId, int number,
                                 Instant until, Actor actor) {
}
