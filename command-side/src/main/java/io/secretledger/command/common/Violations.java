package io.secretledger.command.common;

import io.secretledger.api.common.ErrorDetails.Violation;

import java.util.ArrayList;
import java.util.List;

/** Collects every invalid field of one command so that an empty form is answered with all of them at once. */
public final class Violations {

    private final List<Violation> found = new ArrayList<>();

    public Violations add(String field, String message) {
        found.add(new Violation(field, message));
        return this;
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw DomainException.invalid(List.copyOf(found));
        }
    }
}
