package io.secretledger.command.workspace;

import io.secretledger.api.common.Plaintext;

import java.time.Instant;

/** Sends an invitation's one-time token to the invited address. */
public interface InvitationMail {

    void send(String email, String workspaceName, Plaintext token, Instant expiresAt);
}
