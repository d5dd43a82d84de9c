package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;

import java.time.Instant;

/** Records who issued which token (by id, never the token) for whom, valid until when. */
public record MemberTokenIssued(String workspaceId, String memberId, String email, String tokenId, Instant expiresAt,
                                Actor actor) {
}
