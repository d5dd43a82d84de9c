package io.secretledger.command.common;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.ErrorDetails.Violation;

import java.util.ArrayList;
import java.util.List;

/** Collects every invalid field of one command so that an empty form is answered with all of them at once. */
public final class Violations {

    private final List<Violation> found = new ArrayList<>();
    private ErrorCode code = ErrorCode.VALIDATION;

    public Violations add(String field, String message) {
        found.add(new Violation(field, message));
        return this;
    }

    /**
     * A violation with a code of its own (such as INVALID_TOTP): the first such one gives the refusal its code and
     * its field, and the others are listed as ever.
     */
    public Violations add(ErrorCode specific, String field, String message) {
        if (code == ErrorCode.VALIDATION) {
            code = specific;
            found.add(0, new Violation(field, message));
        } else {
            found.add(new Violation(field, message));
        }
        return this;
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw DomainException.invalid(code, List.copyOf(found));
        }
    }
}
