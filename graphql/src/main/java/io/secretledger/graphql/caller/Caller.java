package io.secretledger.graphql.caller;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ActorType;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.invitation.Identity;
import io.secretledger.graphql.error.ApiException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;

/**
 * The authenticated caller of one GraphQL request, taken from its bearer token: a member (JWT), an integration's
 * service account (API token; {@code memberId} is then the service account's id and {@code email} its name), or an
 * installation operator. {@code workspaceId} is null for an operator who is no member of a workspace, and for a
 * person signed in at the identity provider whose request chose no workspace of theirs ({@code unchosen} says why;
 * {@code memberId} is then null). {@code expiresAt}: when the token stops being valid (null: not before it is
 * revoked). {@code suspended}: the workspace is suspended, so everything but an operator's work is refused.
 * {@code identity}: the person as the token's issuer names them (null for a service account). {@link Callers}
 * makes them.
 */
public record Caller(String workspaceId, String memberId, String email, ActorType type, boolean operator,
                     Instant expiresAt, boolean suspended, Identity identity, Unchosen unchosen) {

    public static final String CONTEXT_KEY = "secretledger.caller";
    /** A local token with this claim set to true is an installation operator's (ADR 0021). */
    public static final String OPERATOR_CLAIM = "sl_operator";
    /** The request header naming the workspace a request works in, for a person who is a member of several. */
    public static final String WORKSPACE_HEADER = "X-SecretLedger-Workspace";

    /** Why a person's request works in no workspace. */
    public enum Unchosen {
        /** A member of none yet (no invitation accepted with this identity). */
        NO_MEMBERSHIP,
        /** A member of several, and the request named none. */
        SEVERAL,
        /** The request named a workspace the person is no member of. */
        NOT_A_MEMBER
    }

    /**
     * The caller as a member or service account of its workspace: UNAUTHENTICATED without a valid token,
     * FORBIDDEN for an operator's token that names no workspace and while the workspace is suspended.
     */
    public static Caller require(Caller caller) {
        if (caller == null) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, null, "Sign in: send a bearer token");
        }
        if (caller.workspaceId() == null) {
            throw noWorkspace(caller.unchosen());
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

    private static ApiException noWorkspace(Unchosen unchosen) {
        if (unchosen == null) {
            return new ApiException(ErrorCode.FORBIDDEN, null,
                    "An operator's token names no workspace; sign in as a member of one");
        }
        return switch (unchosen) {
            case NO_MEMBERSHIP -> new ApiException(ErrorCode.FORBIDDEN, null,
                    "You are a member of no workspace yet; accept an invitation first");
            case SEVERAL -> new ApiException(ErrorCode.VALIDATION, WORKSPACE_HEADER, "You are a member of several "
                    + "workspaces: name one in the " + WORKSPACE_HEADER + " header (me.memberships lists them)");
            case NOT_A_MEMBER -> new ApiException(ErrorCode.FORBIDDEN, WORKSPACE_HEADER,
                    "You are no member of the workspace this request names");
        };
    }

    Caller withSuspended(boolean now) {
        return now == suspended ? this
                : new Caller(workspaceId, memberId, email, type, operator, expiresAt, now, identity, unchosen);
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
        // The person, not the member they are in whichever workspace this request chose: one id in every log.
        String id = identity != null ? identity.subject() : memberId;
        if (id == null) {
            throw new ApiException(ErrorCode.FORBIDDEN, null, "This caller is no installation operator");
        }
        return new Actor(ActorType.OPERATOR, id, identity != null && identity.email() != null ? identity.email() : email);
    }
}
