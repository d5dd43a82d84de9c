package io.secretledger.command.verification;

import io.secretledger.api.common.Plaintext;

import java.time.Instant;

/** Sends a verification code to a member's mailbox. */
public interface CodeMail {

    void send(String email, Plaintext code, Instant expiresAt);
}
