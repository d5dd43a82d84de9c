package io.secretledger.command.common;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.ErrorDetails;
import io.secretledger.api.common.ErrorDetails.Violation;

import java.util.List;

/**
 * A command refused by a domain rule. It carries a stable code and the offending field; the
 * {@link DomainExceptionTranslator} turns it into the details of a {@code CommandExecutionException}.
 * Messages name fields and rules, never values.
 */
public class DomainException extends RuntimeException {

    private final transient ErrorDetails details;

    public DomainException(ErrorDetails details) {
        super(details.message(), null, false, false);
        this.details = details;
    }

    public static DomainException notFound(String field, String message) {
        return new DomainException(ErrorDetails.of(ErrorCode.NOT_FOUND, field, message));
    }

    public static DomainException forbidden(String message) {
        return new DomainException(ErrorDetails.of(ErrorCode.FORBIDDEN, null, message));
    }

    public static DomainException invalid(String field, String message) {
        return new DomainException(ErrorDetails.of(ErrorCode.VALIDATION, field, message));
    }

    public static DomainException invalid(List<Violation> violations) {
        return invalid(ErrorCode.VALIDATION, violations);
    }

    public static DomainException invalid(ErrorCode code, List<Violation> violations) {
        Violation first = violations.get(0);
        return new DomainException(new ErrorDetails(code, first.field(), first.message(), null, violations));
    }

    public static DomainException conflict(long currentVersion, String message) {
        return new DomainException(new ErrorDetails(ErrorCode.CONFLICT, "expectedVersion", message,
                currentVersion, List.of()));
    }

    public static DomainException conflict(String field, String message) {
        return new DomainException(ErrorDetails.of(ErrorCode.CONFLICT, field, message));
    }

    public static DomainException unauthenticated(String message) {
        return new DomainException(ErrorDetails.of(ErrorCode.UNAUTHENTICATED, null, message));
    }

    public static DomainException verificationRequired(String message) {
        return new DomainException(ErrorDetails.of(ErrorCode.VERIFICATION_REQUIRED, null, message));
    }

    public static DomainException verificationFailed(String field, String message) {
        return new DomainException(ErrorDetails.of(ErrorCode.VERIFICATION_FAILED, field, message));
    }

    public static DomainException integrity(String message) {
        return new DomainException(ErrorDetails.of(ErrorCode.INTEGRITY, null, message));
    }

    public ErrorDetails details() {
        return details;
    }
}
