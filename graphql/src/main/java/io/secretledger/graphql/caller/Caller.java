package io.secretledger.graphql.caller;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ActorType;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.workspace.ServiceAccountIdentity;
import io.secretledger.graphql.error.ApiException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The authenticated caller of one GraphQL request, taken from its bearer token: a member (JWT) or an
 * integration's service account (API token); {@code memberId} is then the service account's id and
 * {@code email} its name.
 */
public record Caller(String workspaceId, String memberId, String email, ActorType type, boolean operator) {

    public static final String CONTEXT_KEY = "secretledger.caller";
    /** A member token with this claim set to true may run installation-wide operations (master key rotation). */
    public static final String OPERATOR_CLAIM = "sl_operator";

    static Caller of(Jwt jwt, String workspaceClaim) {
        String workspaceId = jwt.getClaimAsString(workspaceClaim);
        if (workspaceId == null || jwt.getSubject() == null) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, null, "The token names no workspace member");
        }
        return new Caller(workspaceId, jwt.getSubject(), jwt.getClaimAsString("email"), ActorType.MEMBER,
                Boolean.TRUE.equals(jwt.getClaimAsBoolean(OPERATOR_CLAIM)));
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
                false);
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

    public Actor actor() {
        return new Actor(type, memberId, email);
    }
}
