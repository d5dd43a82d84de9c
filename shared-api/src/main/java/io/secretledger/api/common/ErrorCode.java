package io.secretledger.api.common;

/** Stable error codes. Clients switch on these, never on message text. */
public enum ErrorCode {
    UNAUTHENTICATED,
    FORBIDDEN,
    NOT_FOUND,
    VALIDATION,
    CONFLICT,
    VERIFICATION_REQUIRED,
    VERIFICATION_FAILED,
    INTEGRITY,
    /** A call to a destination outside the workspace's egress allowlist, or to a private address not allowed. */
    EGRESS_DENIED,
    /** A one-time-password field given a seed or otpauth URI that is not one (bad base32, algorithm, digits, period). */
    INVALID_TOTP,
    UNAVAILABLE,
    INTERNAL
}
