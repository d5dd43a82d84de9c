package io.secretledger.graphql.error;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.ErrorDetails;

import java.util.Map;

/** A refusal decided in the API layer itself (no caller, a malformed id, a timeout). */
public class ApiException extends RuntimeException {

    private final transient ErrorDetails details;
    private final transient Map<String, Object> extensions;

    public ApiException(ErrorCode code, String field, String message) {
        this(code, field, message, Map.of());
    }

    /** With more facts for the client in the error's extensions, such as the attempts left. */
    public ApiException(ErrorCode code, String field, String message, Map<String, Object> extensions) {
        super(message, null, false, false);
        this.details = ErrorDetails.of(code, field, message);
        this.extensions = Map.copyOf(extensions);
    }

    /** A refusal the command side recorded and answered as a result (a failed command would store no event). */
    public static ApiException of(ErrorDetails refusal) {
        return new ApiException(refusal.code(), refusal.field(), refusal.message());
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public ErrorDetails details() {
        return details;
    }
}
