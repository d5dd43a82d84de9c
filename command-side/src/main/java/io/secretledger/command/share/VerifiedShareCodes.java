package io.secretledger.command.share;

import io.secretledger.api.common.Plaintext;
import io.secretledger.command.verification.VerificationCodes;

import java.time.Instant;

/** A link's codes are issued, kept and compared as a member's reveal codes are, under the link's own key. */
public class VerifiedShareCodes implements ShareCodes {

    private final VerificationCodes codes;

    public VerifiedShareCodes(VerificationCodes codes) {
        this.codes = codes;
    }

    @Override
    public void issue(String linkId, int number, String email, Instant expiresAt) {
        codes.issue(key(linkId), "code-" + number, email, expiresAt);
    }

    @Override
    public boolean matches(String linkId, int number, Plaintext code) {
        return codes.matches(key(linkId), "code-" + number, code);
    }

    @Override
    public void consume(String linkId) {
        codes.consume(key(linkId));
    }

    private static String key(String linkId) {
        return "share-link:" + linkId;
    }
}
