package io.secretledger.graphql.caller;

import io.secretledger.api.common.ActorType;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.invitation.Identity;
import io.secretledger.api.workspace.ServiceAccountIdentity;
import io.secretledger.graphql.error.ApiException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes the {@link Caller} of a request from what authenticated it. An installation operator is a token of the
 * local issuer with {@code sl_operator}, or a token of any issuer whose (issuer, subject) is named in
 * {@code secretledger.auth.operators}: an external identity provider's own claims never make an operator.
 */
@Component
public class Callers {

    /** The GraphQL context key of the signed-in person's {@link Identity}, for a JWT whether or not it names a member. */
    public static final String IDENTITY_KEY = "secretledger.identity";

    private final String workspaceClaim;
    private final Set<String> operators;
    private final WorkspaceStatuses statuses;

    Callers(@Value("${secretledger.auth.workspace-claim:ws}") String workspaceClaim,
            @Value("${secretledger.auth.operators:}") List<String> operators, WorkspaceStatuses statuses) {
        this.workspaceClaim = workspaceClaim;
        this.operators = operators.stream().map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        this.statuses = statuses;
    }

    /** The caller of the current HTTP request, or null when it carried no valid token. */
    public Caller current() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    /** The caller an authenticated request carries, or null. */
    public Caller of(Authentication authentication) {
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
            return of(jwt);
        }
        if (authentication != null && authentication.getPrincipal() instanceof ServiceAccountIdentity account) {
            return new Caller(account.workspaceId(), account.serviceAccountId(), account.name(),
                    ActorType.SERVICE_ACCOUNT, false, null, statuses.suspended(account.workspaceId()));
        }
        return null;
    }

    /** The person a JWT names, as its issuer does (for accepting an invitation); null without a JWT. */
    static Identity identity(Authentication authentication) {
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
            return identity(jwt);
        }
        return null;
    }

    static Identity identity(Jwt jwt) {
        return new Identity(jwt.getClaimAsString("iss"), jwt.getSubject(), jwt.getClaimAsString("email"),
                Boolean.TRUE.equals(jwt.getClaimAsBoolean("email_verified")));
    }

    Caller of(Jwt jwt) {
        String workspaceId = jwt.getClaimAsString(workspaceClaim);
        boolean operator = isOperator(jwt);
        if (jwt.getSubject() == null || (workspaceId == null && !operator)) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, null, "The token names no workspace member");
        }
        if (workspaceId == null) {
            return new Caller(null, jwt.getSubject(), jwt.getClaimAsString("email"), ActorType.OPERATOR, true,
                    jwt.getExpiresAt(), false);
        }
        return new Caller(workspaceId, jwt.getSubject(), jwt.getClaimAsString("email"), ActorType.MEMBER, operator,
                jwt.getExpiresAt(), statuses.suspended(workspaceId));
    }

    /** The same caller with its workspace's state as of now (a WebSocket's caller is made once, at its start). */
    Caller refreshed(Caller caller) {
        return caller.workspaceId() == null ? caller : caller.withSuspended(statuses.suspended(caller.workspaceId()));
    }

    private boolean isOperator(Jwt jwt) {
        String issuer = jwt.getClaimAsString("iss");
        if (TokenIssuer.LOCAL_ISSUER.equals(issuer)) {
            return Boolean.TRUE.equals(jwt.getClaimAsBoolean(Caller.OPERATOR_CLAIM));
        }
        return issuer != null && jwt.getSubject() != null && operators.contains(issuer + "|" + jwt.getSubject());
    }
}
