package io.secretledger.api.verification;

import java.time.Instant;

/**
 * What a confirmation did. A failure is an answer, not an exception, so that the attempt is recorded.
 *
 * @param failure       null on success
 * @param attemptsLeft  wrong codes still allowed before a lockout
 * @param unlockedUntil reveals need no new code until then (on success)
 * @param lockedUntil   no code is accepted until then (after too many wrong ones)
 */
public record VerificationOutcome(VerificationFailure failure, int attemptsLeft, Instant unlockedUntil,
                                  Instant lockedUntil) {

    public boolean succeeded() {
        return failure == null;
    }
}
