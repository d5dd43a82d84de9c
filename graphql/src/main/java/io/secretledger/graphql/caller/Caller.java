package io.secretledger.graphql.caller;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ActorType;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.graphql.error.ApiException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;

/**
 * The authenticated caller of one GraphQL request, taken from its bearer token: a member (JWT), an integration's
 * service account (API token; {@code memberId} is then the service account's id and {@code email} its name), or an
 * installation operator. {@code workspaceId} is null for an operator who is no member of a workspace.
 * {@code expiresAt}: when the token stops being valid (null: not before it is revoked). {@code suspended}: the
 * workspace is suspended, so everything but an operator's work is refused. {@link Callers} makes them.
 */
public record Caller(String workspaceId, String memberId, String email, ActorType type, boolean operator,
                     Instant expiresAt, boolean suspended) {

    public static final String CONTEXT_KEY = "secretledger.caller";
    /** A local token with this claim set to true is an installation operator's (ADR 0021). */
    public static final String OPERATOR_CLAIM = "sl_operator";

    /**
     * The caller as a member or service account of its workspace: UNAUTHENTICATED without a valid token,
     * FORBIDDEN for an operator's token that names no workspace and while the workspace is suspended.
     */
    public static Caller require(Caller caller) {
        if (caller == null) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, null, "Sign in: send a bearer token");
        }
        if (caller.workspaceId() == null) {
            throw new ApiException(ErrorCode.FORBIDDEN, null,
                    "An operator's token names no workspace; sign in as a member of one");
        }
        if (caller.suspended()) {
            throw new ApiException(ErrorCode.FORBIDDEN, null,
                    "This workspace is suspended by the installation's operator");
        }
        return caller;
    }

    /** The caller as an installation operator, whether or not it is also a member of a workspace. */
    public static Caller requireOperator(Caller caller, String what) {
        if (caller == null) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, null, "Sign in: send a bearer token");
        }
        if (!caller.operator()) {
            throw new ApiException(ErrorCode.FORBIDDEN, null, what + " are for the installation's operators");
        }
        return caller;
    }

    Caller withSuspended(boolean now) {
        return now == suspended ? this : new Caller(workspaceId, memberId, email, type, operator, expiresAt, now);
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

    /** Who did an operator's work, in the events and the audit log. */
    public Actor operatorActor() {
        return new Actor(ActorType.OPERATOR, memberId, email);
    }
}
