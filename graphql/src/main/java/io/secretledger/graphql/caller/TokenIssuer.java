package io.secretledger.graphql.caller;

import java.time.Instant;

/** Signs member tokens where this service is the issuer (the default profile's local issuer). */
public interface TokenIssuer {

    String issue(String workspaceId, String memberId, String email, String tokenId, Instant expiresAt);
}
