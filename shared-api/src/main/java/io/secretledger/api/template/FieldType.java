package io.secretledger.api.template;

public enum FieldType {
    TEXT,
    CHOICE,
    MESSAGE,
    FILE,
    /** A one-time-password seed (RFC 6238); always sensitive, revealed as its current code. */
    TOTP
}
