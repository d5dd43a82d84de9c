package io.secretledger.api.accessrequest;

import io.secretledger.api.common.Actor;

import java.time.Instant;

/** An owner's emergency access to a secret, granted by themselves until {@code until}. */
public record BreakGlassAccessGranted(String requestId, String workspaceId, String secretId, String memberId,
                                      int number, String reason, Instant until, Actor actor) {
}
