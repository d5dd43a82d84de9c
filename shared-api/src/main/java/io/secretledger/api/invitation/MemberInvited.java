package io.secretledger.api.invitation;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.Permission;

import java.time.Instant;
import java.util.Set;

/**
 * {@code memberId}: the member the acceptance binds (a new workspace's first owner), or null when the acceptance
 * adds a new member. {@code tokenSha256}: the hash of the mailed token, never the token.
 */
public record MemberInvited(String workspaceId, String invitationId, String memberId, String email,
                            Set<Permission> permissions, String title, String division, Instant expiresAt,
                            String tokenSha256, Actor actor) {
}
