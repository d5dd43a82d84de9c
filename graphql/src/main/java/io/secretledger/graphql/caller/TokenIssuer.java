package io.secretledger.graphql.caller;

import java.time.Instant;

/** Signs member tokens where this service is the issuer (the default profile's local issuer). */
public interface TokenIssuer {

    /** The issuer of the local tokens; only its tokens may carry {@link Caller#OPERATOR_CLAIM}. */
    String LOCAL_ISSUER = io.secretledger.api.invitation.Identity.LOCAL_ISSUER;

    String issue(String workspaceId, String memberId, String email, String tokenId, Instant expiresAt);
}
