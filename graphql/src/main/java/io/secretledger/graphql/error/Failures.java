package io.secretledger.graphql.error;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.ErrorDetails;
import org.axonframework.common.lock.LockAcquisitionFailedException;
import org.axonframework.messaging.HandlerExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The stable error of any failure, read from the {@link ErrorDetails} the command or query side attached, never
 * from message text. Anything unexpected is INTERNAL with a generic message; its class is logged, its message
 * is not (it could quote input).
 */
public final class Failures {

    private static final Logger log = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    public static ErrorDetails detailsOf(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        if (current instanceof ApiException api) {
            return api.details();
        }
        if (current instanceof HandlerExecutionException handler) {
            Optional<Object> details = handler.getDetails();
            if (details.isPresent() && details.get() instanceof ErrorDetails known) {
                return known;
            }
        }
        if (current instanceof LockAcquisitionFailedException) {
            // Many requests at once for one record (battery: one code confirmed 100 times in parallel): the others
            // waited their turn and some ran out of time. Nothing was changed for them.
            return ErrorDetails.of(ErrorCode.UNAVAILABLE, null,
                    "Too many requests are changing this record at once; nothing was changed, try again");
        }
        if (current instanceof TimeoutException) {
            return ErrorDetails.of(ErrorCode.UNAVAILABLE, null, "The request timed out; it may still complete");
        }
        log.error("Unexpected failure of a request: {}", current.getClass().getName());
        log.debug("Unexpected failure of a request", current);
        return ErrorDetails.of(ErrorCode.INTERNAL, null, "Internal error");
    }
}
