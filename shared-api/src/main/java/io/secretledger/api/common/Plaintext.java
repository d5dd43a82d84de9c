package io.secretledger.api.common;

/**
 * A plaintext sensitive value in flight (a command's input or a reveal's result). It is never part of an
 * event or a projection, and its {@code toString} hides it so that no log line or exception message that
 * prints a command can carry it.
 */
public record Plaintext(String value) {

    public boolean hasNoText() {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return "Plaintext[redacted]";
    }
}
