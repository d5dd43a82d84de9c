package io.secretledger.api.totp;

/**
 * The current code of a one-time-password field, as a reveal answers it: valid for {@code secondsLeft} more
 * seconds of its {@code period}. The code is short-lived but still a credential, so {@code toString} hides it.
 */
public record OneTimeCode(String code, int secondsLeft, int period, int digits) {

    @Override
    public String toString() {
        return "OneTimeCode[redacted, secondsLeft=" + secondsLeft + ", period=" + period + ", digits=" + digits + "]";
    }
}
