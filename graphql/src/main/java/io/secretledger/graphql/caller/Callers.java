package io.secretledger.graphql.caller;

import io.secretledger.api.common.ActorType;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.invitation.Identity;
import io.secretledger.api.workspace.Membership;
import io.secretledger.api.workspace.Memberships;
import io.secretledger.api.workspace.ServiceAccountIdentity;
import io.secretledger.graphql.error.ApiException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes the {@link Caller} of a request from what authenticated it (ADR 0021). A local token names its workspace
 * and member itself ({@code ws}, {@code sub}), because SecretLedger issued it. A token of an identity provider names
 * only a person ({@code iss}, {@code sub}): the workspace is the one of the person's memberships that the request
 * names in {@link Caller#WORKSPACE_HEADER}, or their only one; no claim of the provider's chooses it. An
 * installation operator is a local token with {@code sl_operator}, or an (issuer, subject) named in
 * {@code secretledger.auth.operators}: a provider's own claims never make one.
 */
@Component
public class Callers {

    /** The GraphQL context key of the signed-in person's {@link Identity}, for a JWT whether or not it names a member. */
    public static final String IDENTITY_KEY = "secretledger.identity";

    private static final String WORKSPACE_CLAIM = "ws";

    private final boolean localIssuer;
    private final Set<String> operators;
    private final WorkspaceStatuses statuses;
    private final MembershipLookup memberships;

    Callers(@Value("${secretledger.auth.mode:local}") String mode,
            @Value("${secretledger.auth.operators:}") List<String> operators, WorkspaceStatuses statuses,
            MembershipLookup memberships) {
        this.localIssuer = !"oidc".equalsIgnoreCase(mode.strip());
        this.operators = operators.stream().map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        this.statuses = statuses;
        this.memberships = memberships;
    }

    /** The caller of the current HTTP request, with the workspace its header names, or null without a valid token. */
    public Caller current() {
        String requested = null;
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request) {
            requested = request.getRequest().getHeader(Caller.WORKSPACE_HEADER);
        }
        return of(SecurityContextHolder.getContext().getAuthentication(), requested);
    }

    /**
     * The caller an authenticated request carries, or null.
     *
     * @param requestedWorkspace the workspace the request names ({@link Caller#WORKSPACE_HEADER}), or null
     */
    public Caller of(Authentication authentication, String requestedWorkspace) {
        String requested = requestedWorkspace == null || requestedWorkspace.isBlank() ? null
                : requestedWorkspace.strip();
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
            return of(jwt, requested);
        }
        if (authentication != null && authentication.getPrincipal() instanceof ServiceAccountIdentity account) {
            if (requested != null && !requested.equals(account.workspaceId())) {
                return new Caller(null, account.serviceAccountId(), account.name(), ActorType.SERVICE_ACCOUNT, false,
                        null, false, null, Caller.Unchosen.NOT_A_MEMBER);
            }
            return new Caller(account.workspaceId(), account.serviceAccountId(), account.name(),
                    ActorType.SERVICE_ACCOUNT, false, null, statuses.suspended(account.workspaceId()), null, null);
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

    Caller of(Jwt jwt, String requested) {
        Identity identity = identity(jwt);
        if (identity.subject() == null || identity.issuer() == null) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, null, "The token names no issuer or subject");
        }
        boolean local = TokenIssuer.LOCAL_ISSUER.equals(identity.issuer());
        if (local != localIssuer) {
            // With an identity provider, a token claiming to be SecretLedger's own is the provider's forgery of it.
            throw new ApiException(ErrorCode.UNAUTHENTICATED, null, "The token's issuer is not this installation's");
        }
        return local ? ofLocal(jwt, identity, requested) : ofProvider(jwt, identity, requested);
    }

    private Caller ofLocal(Jwt jwt, Identity identity, String requested) {
        String workspaceId = jwt.getClaimAsString(WORKSPACE_CLAIM);
        boolean operator = Boolean.TRUE.equals(jwt.getClaimAsBoolean(Caller.OPERATOR_CLAIM));
        if (workspaceId == null && !operator) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, null, "The token names no workspace member");
        }
        if (workspaceId == null) {
            return operatorOnly(jwt, identity, null);
        }
        if (requested != null && !requested.equals(workspaceId)) {
            return new Caller(null, null, identity.email(), ActorType.MEMBER, operator, jwt.getExpiresAt(), false,
                    identity, Caller.Unchosen.NOT_A_MEMBER);
        }
        return new Caller(workspaceId, jwt.getSubject(), identity.email(), ActorType.MEMBER, operator,
                jwt.getExpiresAt(), statuses.suspended(workspaceId), identity, null);
    }

    private Caller ofProvider(Jwt jwt, Identity identity, String requested) {
        boolean operator = operators.contains(identity.issuer() + "|" + identity.subject());
        List<Membership> mine = memberships.of(identity.issuer(), identity.subject()).memberships();
        Membership chosen = null;
        Caller.Unchosen unchosen = null;
        if (requested != null) {
            chosen = mine.stream().filter(m -> m.workspaceId().equals(requested)).findFirst().orElse(null);
            unchosen = chosen == null ? Caller.Unchosen.NOT_A_MEMBER : null;
        } else if (mine.size() == 1) {
            chosen = mine.get(0);
        } else {
            unchosen = mine.isEmpty() ? Caller.Unchosen.NO_MEMBERSHIP : Caller.Unchosen.SEVERAL;
        }
        if (chosen != null) {
            return new Caller(chosen.workspaceId(), chosen.memberId(), chosen.email(), ActorType.MEMBER, operator,
                    jwt.getExpiresAt(), statuses.suspended(chosen.workspaceId()), identity, null);
        }
        if (operator) {
            return operatorOnly(jwt, identity, unchosen == Caller.Unchosen.NO_MEMBERSHIP ? null : unchosen);
        }
        return new Caller(null, null, identity.email(), ActorType.MEMBER, false, jwt.getExpiresAt(), false, identity,
                unchosen);
    }

    private static Caller operatorOnly(Jwt jwt, Identity identity, Caller.Unchosen unchosen) {
        return new Caller(null, identity.subject(), identity.email(), ActorType.OPERATOR, true, jwt.getExpiresAt(),
                false, identity, unchosen);
    }

    /** The same caller with its workspace's state as of now (a WebSocket's caller is made once, at its start). */
    Caller refreshed(Caller caller) {
        return caller.workspaceId() == null ? caller : caller.withSuspended(statuses.suspended(caller.workspaceId()));
    }

    /** The memberships of the caller: the person's for a provider's token, the token's own for a local one. */
    Memberships membershipsOf(Caller caller) {
        if (caller.identity() == null || TokenIssuer.LOCAL_ISSUER.equals(caller.identity().issuer())) {
            return null;
        }
        return memberships.of(caller.identity().issuer(), caller.identity().subject());
    }
}
