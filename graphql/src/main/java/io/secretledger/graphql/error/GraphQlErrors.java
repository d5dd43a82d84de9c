package io.secretledger.graphql.error;

import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.ErrorDetails;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps every failure of a field to a GraphQL error with a stable {@code extensions.code} (see
 * {@link Failures}); a refusal with several invalid fields becomes one error per field.
 */
@Component
class GraphQlErrors extends DataFetcherExceptionResolverAdapter {

    @Override
    protected List<GraphQLError> resolveToMultipleErrors(Throwable failure, DataFetchingEnvironment env) {
        return errors(failure, env);
    }

    /** The GraphQL errors of a failure, with its stable code; {@code env} is null for a subscription's stream. */
    static List<GraphQLError> errors(Throwable failure, DataFetchingEnvironment env) {
        ErrorDetails details = isCursor(failure)
                ? ErrorDetails.of(ErrorCode.VALIDATION, "after", "Not a cursor of this list")
                : Failures.detailsOf(failure);
        if (details.violations().isEmpty()) {
            Map<String, Object> more = failure instanceof ApiException api ? api.extensions() : Map.of();
            return List.of(error(env, details.code(), details.field(), details.message(), details.currentVersion(),
                    more));
        }
        return details.violations().stream()
                .map(v -> error(env, details.code(), v.field(), v.message(), null, Map.of()))
                .toList();
    }

    private static GraphQLError error(DataFetchingEnvironment env, ErrorCode code, String field, String message,
                                      Long currentVersion, Map<String, Object> more) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", code.name());
        if (field != null) {
            extensions.put("field", field);
        }
        if (currentVersion != null) {
            extensions.put("currentVersion", currentVersion);
        }
        extensions.putAll(more);
        GraphqlErrorBuilder<?> builder = env == null ? GraphqlErrorBuilder.newError() : GraphqlErrorBuilder.newError(env);
        return builder.errorType(classify(code)).message(message).extensions(extensions).build();
    }

    /** A cursor that Spring GraphQL could not decode ({@code after} of a connection): the caller's input, not ours. */
    private static boolean isCursor(Throwable failure) {
        if (!(failure instanceof IllegalArgumentException)) {
            return false;
        }
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (frame.getClassName().startsWith("org.springframework.graphql.data.pagination.")
                    || frame.getClassName().startsWith("org.springframework.graphql.data.query.ScrollPositionCursorStrategy")) {
                return true;
            }
        }
        return false;
    }

    static ErrorClassification classify(ErrorCode code) {
        return switch (code) {
            case UNAUTHENTICATED -> ErrorType.UNAUTHORIZED;
            case FORBIDDEN, VERIFICATION_REQUIRED, VERIFICATION_FAILED, EGRESS_DENIED -> ErrorType.FORBIDDEN;
            case NOT_FOUND -> ErrorType.NOT_FOUND;
            case VALIDATION, INVALID_TOTP, CONFLICT -> ErrorType.BAD_REQUEST;
            case INTEGRITY, UNAVAILABLE, INTERNAL -> ErrorType.INTERNAL_ERROR;
        };
    }
}
