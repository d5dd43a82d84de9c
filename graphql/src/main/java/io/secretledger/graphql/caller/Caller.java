package io.secretledger.graphql.caller;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ActorType;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.workspace.ServiceAccountIdentity;
import io.secretledger.graphql.error.ApiException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;

/**
 * The authenticated caller of one GraphQL request, taken from its bearer token: a member (JWT) or an
 * integration's service account (API token); {@code memberId} is then the service account's id and
 * {@code email} its name. {@code expiresAt}: when the token stops being valid (null: not before it is revoked).
 */
public record Caller(String workspaceId, String memberId, String email, ActorType type, boolean operator,
                     Instant expiresAt) {

    public static final String CONTEXT_KEY = "secretledger.caller";
    /** A member token with this claim set to true may run installation-wide operations (master key rotation). */
    public static final String OPERATOR_CLAIM = "sl_operator";

    static Caller of(Jwt jwt, String workspaceClaim) {
        String workspaceId = jwt.getClaimAsString(workspaceClaim);
        if (workspaceId == null || jwt.getSubject() == null) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, null, "The token names no workspace member");
        }
        return new Caller(workspaceId, jwt.getSubject(), jwt.getClaimAsString("email"), ActorType.MEMBER,
                Boolean.TRUE.equals(jwt.getClaimAsBoolean(OPERATOR_CLAIM)), jwt.getExpiresAt());
    }

    /** The caller, or UNAUTHENTICATED when the request carried no valid token. */
    public static Caller require(Caller caller) {
        if (caller == null) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, null, "Sign in: send a bearer token");
        }
        return caller;
    }

    static Caller of(ServiceAccountIdentity account) {
        return new Caller(account.workspaceId(), account.serviceAccountId(), account.name(), ActorType.SERVICE_ACCOUNT,
                false, null);
    }

    /** The caller an authenticated request carries, or null. */
    public static Caller of(Authentication authentication, String workspaceClaim) {
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
            return of(jwt, workspaceClaim);
        }
        if (authentication != null && authentication.getPrincipal() instanceof ServiceAccountIdentity account) {
            return of(account);
        }
        return null;
    }

    /**
     * A subscription's stream, ended with UNAUTHENTICATED when the token it was opened with expires: a WebSocket
     * authenticates once, at {@code connection_init}, and must not outlive the credential it showed.
     */
    public <T> Flux<T> untilTokenExpires(Flux<T> updates) {
        if (expiresAt == null) {
            return updates;
        }
        Duration left = Duration.between(Instant.now(), expiresAt);
        return updates.takeUntilOther(Mono.delay(left.isNegative() ? Duration.ZERO : left))
                .concatWith(Mono.defer(() -> Instant.now().isBefore(expiresAt) ? Mono.empty()
                        : Mono.error(new ApiException(ErrorCode.UNAUTHENTICATED, null,
                                "The token this subscription was opened with has expired"))));
    }

    public Actor actor() {
        return new Actor(type, memberId, email);
    }
}
