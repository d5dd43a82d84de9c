package io.secretledger.command.verification;

import java.time.Duration;

/**
 * How e-mailed reveal codes behave.
 *
 * @param codeDigits   digits of a code (at least 6)
 * @param codeLifetime how long a code holds after it is sent
 * @param unlockWindow how long reveals need no new code after a right one
 * @param maxFailures  wrong codes in a row before a lockout
 * @param lockout      how long a lockout lasts
 */
public record VerificationSettings(int codeDigits, Duration codeLifetime, Duration unlockWindow, int maxFailures,
                                   Duration lockout) {

    public VerificationSettings {
        if (codeDigits < 6 || codeDigits > 12) {
            throw new IllegalArgumentException("secretledger.verification.code-digits must be between 6 and 12");
        }
        if (maxFailures < 1) {
            throw new IllegalArgumentException("secretledger.verification.max-failures must be at least 1");
        }
    }

    public static VerificationSettings defaults() {
        return new VerificationSettings(6, Duration.ofMinutes(10), Duration.ofMinutes(10), 5, Duration.ofMinutes(15));
    }
}
