package io.secretledger.cli;

/** The exit codes of the command line, documented in the README: scripts switch on these. */
enum Exit {
    OK(0),
    /** A command, option or argument that is not understood. */
    USAGE(1),
    /** No token, or the service refused it (UNAUTHENTICATED): sign in again. */
    UNAUTHENTICATED(2),
    FORBIDDEN(3),
    NOT_FOUND(4),
    /** The service refused an input (VALIDATION); the message names the field. */
    VALIDATION(5),
    /** Someone else changed it first (CONFLICT). */
    CONFLICT(6),
    /** The e-mailed code was wrong, expired, or not given (VERIFICATION_REQUIRED, VERIFICATION_FAILED). */
    VERIFICATION(7),
    /** The audit chain is broken (verify-audit), or the service reported an INTEGRITY error. */
    INTEGRITY(8),
    /** The service could not be reached or failed (UNAVAILABLE, INTERNAL, any other answer). */
    UNAVAILABLE(9);

    final int code;

    Exit(int code) {
        this.code = code;
    }

    /** The exit code of a stable error code of the API. */
    static Exit of(String apiCode) {
        if (apiCode == null) {
            return UNAVAILABLE;
        }
        return switch (apiCode) {
            case "UNAUTHENTICATED" -> UNAUTHENTICATED;
            case "FORBIDDEN" -> FORBIDDEN;
            case "NOT_FOUND" -> NOT_FOUND;
            case "VALIDATION", "EGRESS_DENIED" -> VALIDATION;
            case "CONFLICT" -> CONFLICT;
            case "VERIFICATION_REQUIRED", "VERIFICATION_FAILED" -> VERIFICATION;
            case "INTEGRITY" -> INTEGRITY;
            default -> UNAVAILABLE;
        };
    }
}
