package io.secretledger.api.verification;

import io.secretledger.api.common.Actor;

import java.time.Instant;

/** Too many wrong codes: none is accepted, and none is sent, until {@code lockedUntil}. */
public record VerificationLockedOut(String verificationId, String workspaceId, String memberId, Instant lockedUntil,
                                    Actor actor) {
}
