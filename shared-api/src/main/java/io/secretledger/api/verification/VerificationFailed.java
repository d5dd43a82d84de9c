package io.secretledger.api.verification;

import io.secretledger.api.common.Actor;

/** A code was refused; {@code failures} counts the refusals since the last success or lockout. */
public record VerificationFailed(String verificationId, String workspaceId, String memberId, String requestId,
                                 VerificationFailure reason, int failures, Actor actor) {
}
