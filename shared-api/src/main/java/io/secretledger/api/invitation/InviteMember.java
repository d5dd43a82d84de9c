package io.secretledger.api.invitation;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.Permission;
import io.secretledger.api.common.Plaintext;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Set;

/**
 * An owner invites a person by e-mail with the permissions, title and division they will have. {@code token} is the
 * one-time secret the mail carries; only its SHA-256 is kept.
 */
public record InviteMember(@TargetAggregateIdentifier String workspaceId, String invitationId, String email,
                           Set<Permission> permissions, String title, String division, Plaintext token,
                           Instant expiresAt, Actor actor) {
}
