package io.secretledger.command.share;

import io.secretledger.api.common.Plaintext;

import java.time.Instant;

/** The e-mailed codes a link may require, kept as keyed hashes outside the events (as a member's reveal codes). */
public interface ShareCodes {

    void issue(String linkId, int number, String email, Instant expiresAt);

    boolean matches(String linkId, int number, Plaintext code);

    void consume(String linkId);
}
