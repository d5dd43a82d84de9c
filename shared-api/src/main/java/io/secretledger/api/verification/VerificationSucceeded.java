package io.secretledger.api.verification;

import io.secretledger.api.common.Actor;

import java.time.Instant;

/** The right code in time: the member may reveal without a new code until {@code unlockedUntil}. */
public record VerificationSucceeded(String verificationId, String workspaceId, String memberId, String requestId,
                                    Instant unlockedUntil, Actor actor) {
}
