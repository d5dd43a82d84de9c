package io.secretledger.graphql.error;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.ErrorDetails;

/** A refusal decided in the API layer itself (no caller, a malformed id, a timeout). */
public class ApiException extends RuntimeException {

    private final transient ErrorDetails details;

    public ApiException(ErrorCode code, String field, String message) {
        super(message, null, false, false);
        this.details = ErrorDetails.of(code, field, message);
    }

    public ErrorDetails details() {
        return details;
    }
}
