package io.secretledger.graphql.error;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.validation.ValidationError;
import io.secretledger.api.common.ErrorCode;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Errors that graphql-java raises before any field runs (a document that does not parse, a missing
 * required argument, a wrong type) get the same {@code extensions.code} as ours, VALIDATION, and as
 * {@code field} the path in the document where graphql-java found the problem.
 */
@Component
class RequestErrorCodes implements WebGraphQlInterceptor {

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        return chain.next(request).map(response -> {
            List<GraphQLError> errors = response.getExecutionResult().getErrors();
            if (errors.stream().allMatch(RequestErrorCodes::hasCode)) {
                return response;
            }
            return response.transform(builder -> builder.errors(errors.stream()
                    .map(error -> hasCode(error) ? error : withCode(error))
                    .toList()));
        });
    }

    private static boolean hasCode(GraphQLError error) {
        return error.getExtensions() != null && error.getExtensions().containsKey("code");
    }

    private static GraphQLError withCode(GraphQLError error) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        if (error.getExtensions() != null) {
            extensions.putAll(error.getExtensions());
        }
        extensions.put("code", ErrorCode.VALIDATION.name());
        if (error instanceof ValidationError validation && validation.getQueryPath() != null
                && !validation.getQueryPath().isEmpty()) {
            extensions.put("field", String.join(".", validation.getQueryPath()));
        }
        GraphqlErrorBuilder<?> builder = GraphqlErrorBuilder.newError().message(error.getMessage())
                .errorType(error.getErrorType()).extensions(extensions);
        if (error.getLocations() != null) {
            builder.locations(error.getLocations());
        }
        if (error.getPath() != null) {
            builder.path(error.getPath());
        }
        return builder.build();
    }
}
