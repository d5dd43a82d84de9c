package io.secretledger.api.verification;

import io.secretledger.api.common.Actor;

import java.time.Instant;

/** A code was issued and sent; the code itself is kept only as a keyed hash outside the events. */
public record VerificationRequested(String verificationId, String workspaceId, String memberId, String requestId,
                                    Instant expiresAt, Actor actor) {
}
