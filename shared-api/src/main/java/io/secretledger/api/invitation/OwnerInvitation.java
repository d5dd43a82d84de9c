package io.secretledger.api.invitation;

import io.secretledger.api.common.Plaintext;

import java.time.Instant;

/** The invitation a new workspace's first owner is sent: its id, its one-time token and when it expires. */
public record OwnerInvitation(String invitationId, Plaintext token, Instant expiresAt) {
}
