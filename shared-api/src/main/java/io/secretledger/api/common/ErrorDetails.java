package io.secretledger.api.common;

import java.util.List;

/**
 * What travels in the details of a command or query execution exception, so that the API can map a
 * refusal to a stable code without reading its message. No message ever contains a secret value.
 *
 * @param field          the first offending input field (a path such as {@code values.token}), or null
 * @param currentVersion with CONFLICT, the version the caller should reload; otherwise null
 * @param violations     every offending field when several were wrong at once (an empty form); may be empty
 */
public record ErrorDetails(ErrorCode code, String field, String message, Long currentVersion,
                           List<Violation> violations) {

    public ErrorDetails {
        violations = violations == null ? List.of() : List.copyOf(violations);
    }

    public static ErrorDetails of(ErrorCode code, String field, String message) {
        return new ErrorDetails(code, field, message, null, List.of());
    }

    /** One field and what is wrong with it. */
    public record Violation(String field, String message) {
    }
}
