package io.secretledger.graphql.caller;

import io.secretledger.graphql.error.ApiException;
import io.secretledger.api.invitation.Identity;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.Map;

/**
 * Puts the {@link Caller} into the GraphQL context of every request: over HTTP from the bearer token the
 * resource server validated, over WebSocket from the token sent in {@code connection_init} (browsers cannot
 * set headers on a WebSocket handshake), validated by the same decoder.
 */
@Component
class CallerInterceptor implements WebSocketGraphQlInterceptor {

    private static final String SESSION_CALLER = "secretledger.caller";

    private final JwtDecoder jwtDecoder;
    private final Callers callers;

    CallerInterceptor(JwtDecoder jwtDecoder, Callers callers) {
        this.jwtDecoder = jwtDecoder;
        this.callers = callers;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, WebGraphQlInterceptor.Chain chain) {
        Caller caller;
        Identity identity = null;
        if (request instanceof WebSocketGraphQlRequest webSocket) {
            caller = refreshed((Caller) webSocket.getSessionInfo().getAttributes().get(SESSION_CALLER));
            identity = caller == null ? null : caller.identity();
        } else {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            identity = Callers.identity(authentication);
            caller = callerOrNull(authentication, request.getHeaders().getFirst(Caller.WORKSPACE_HEADER));
        }
        Map<String, Object> context = new java.util.HashMap<>();
        if (caller != null) {
            context.put(Caller.CONTEXT_KEY, caller);
        }
        if (identity != null) {
            context.put(Callers.IDENTITY_KEY, identity);
        }
        if (!context.isEmpty()) {
            request.configureExecutionInput((input, builder) -> builder.graphQLContext(context).build());
        }
        return chain.next(request);
    }

    /**
     * A valid token that Callers refuses (a local-looking token from a provider, one with no subject) makes no
     * caller: each field then answers UNAUTHENTICATED itself.
     */
    private Caller callerOrNull(Authentication authentication, String requestedWorkspace) {
        try {
            return callers.of(authentication, requestedWorkspace);
        } catch (ApiException e) {
            return null;
        }
    }

    @Override
    public Mono<Object> handleConnectionInitialization(WebSocketSessionInfo sessionInfo,
                                                       Map<String, Object> connectionInitPayload) {
        Object header = connectionInitPayload.getOrDefault("Authorization",
                connectionInitPayload.get("authorization"));
        if (header instanceof String value && !value.isBlank()) {
            String token = value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7) : value;
            try {
                Jwt jwt = jwtDecoder.decode(token.strip());
                sessionInfo.getAttributes().put(SESSION_CALLER, callers.of(jwt, requestedWorkspace(connectionInitPayload)));
            } catch (JwtException | ApiException e) {
                return Mono.error(new IllegalArgumentException("UNAUTHENTICATED: invalid token"));
            }
        }
        return Mono.empty();
    }

    /** Browsers set no headers on a WebSocket: the workspace comes in {@code connection_init}, as the token does. */
    private static String requestedWorkspace(Map<String, Object> payload) {
        Object named = payload.getOrDefault(Caller.WORKSPACE_HEADER, payload.get("workspace"));
        return named instanceof String value && !value.isBlank() ? value.strip() : null;
    }

    private Caller refreshed(Caller caller) {
        return caller == null ? null : callers.refreshed(caller);
    }
}
