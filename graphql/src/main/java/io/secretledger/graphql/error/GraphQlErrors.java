package io.secretledger.graphql.error;

import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.ErrorDetails;
import org.axonframework.messaging.HandlerExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Maps every failure of a field to a GraphQL error with a stable {@code extensions.code}, read from the
 * {@link ErrorDetails} the command or query side attached, never from message text. Anything unexpected
 * becomes INTERNAL with a generic message; its class is logged, its message is not (it could quote input).
 */
@Component
class GraphQlErrors extends DataFetcherExceptionResolverAdapter {

    private static final Logger log = LoggerFactory.getLogger(GraphQlErrors.class);

    @Override
    protected List<GraphQLError> resolveToMultipleErrors(Throwable failure, DataFetchingEnvironment env) {
        ErrorDetails details = detailsOf(unwrap(failure));
        if (details.violations().isEmpty()) {
            return List.of(error(env, details.code(), details.field(), details.message(), details.currentVersion()));
        }
        return details.violations().stream()
                .map(v -> error(env, details.code(), v.field(), v.message(), null))
                .toList();
    }

    private static ErrorDetails detailsOf(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api.details();
        }
        if (failure instanceof HandlerExecutionException handler) {
            Optional<Object> details = handler.getDetails();
            if (details.isPresent() && details.get() instanceof ErrorDetails known) {
                return known;
            }
        }
        if (failure instanceof TimeoutException) {
            return ErrorDetails.of(ErrorCode.UNAVAILABLE, null, "The request timed out; it may still complete");
        }
        log.error("Unexpected failure of a GraphQL field: {}", failure.getClass().getName());
        log.debug("Unexpected failure of a GraphQL field", failure);
        return ErrorDetails.of(ErrorCode.INTERNAL, null, "Internal error");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static GraphQLError error(DataFetchingEnvironment env, ErrorCode code, String field, String message,
                                      Long currentVersion) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", code.name());
        if (field != null) {
            extensions.put("field", field);
        }
        if (currentVersion != null) {
            extensions.put("currentVersion", currentVersion);
        }
        return GraphqlErrorBuilder.newError(env).errorType(classify(code)).message(message)
                .extensions(extensions).build();
    }

    static ErrorClassification classify(ErrorCode code) {
        return switch (code) {
            case UNAUTHENTICATED -> ErrorType.UNAUTHORIZED;
            case FORBIDDEN, VERIFICATION_REQUIRED -> ErrorType.FORBIDDEN;
            case NOT_FOUND -> ErrorType.NOT_FOUND;
            case VALIDATION, CONFLICT -> ErrorType.BAD_REQUEST;
            case INTEGRITY, UNAVAILABLE, INTERNAL -> ErrorType.INTERNAL_ERROR;
        };
    }
}
