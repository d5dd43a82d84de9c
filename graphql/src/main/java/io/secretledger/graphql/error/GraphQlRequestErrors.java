package io.secretledger.graphql.error;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A request to the GraphQL endpoint that is not a GraphQL request at all - a body that is not JSON, a batch (an
 * array; batching is not supported), {@code null}, no {@code query}, variables or extensions that are not objects - is answered
 * like any other refusal: a GraphQL error with code VALIDATION and field {@code body}, with status 400. Spring
 * GraphQL's own answer was a 400 with an empty body, which a client cannot tell apart from a proxy's (battery:
 * hostile documents).
 */
@Component
class GraphQlRequestErrors implements HandlerExceptionResolver, Ordered {

    private final ObjectMapper json;
    private final String path;

    GraphQlRequestErrors(ObjectMapper json, @Value("${spring.graphql.http.path:/graphql}") String path) {
        this.json = json;
        this.path = path;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception failure) {
        boolean badRequest = failure instanceof HttpMessageNotReadableException
                || (failure instanceof ErrorResponse error && error.getStatusCode().value() == 400);
        if (!badRequest || !path.equals(request.getRequestURI()) || response.isCommitted()) {
            return null;
        }
        try {
            write(response, json);
        } catch (IOException e) {
            return null;
        }
        return new ModelAndView();
    }

    /** The refusal of a request that is not a GraphQL request. */
    static void write(HttpServletResponse response, ObjectMapper json) throws IOException {
        response.setStatus(400);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Map.of("errors", List.of(Map.of(
                "message", "Not a GraphQL request: send one JSON object with a string 'query' and, optionally, "
                        + "'variables' and 'extensions' objects and an 'operationName' (batches are not supported)",
                "extensions", Map.of("code", "VALIDATION", "field", "body")))));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
