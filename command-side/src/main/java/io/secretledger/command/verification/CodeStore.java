package io.secretledger.command.verification;

import java.time.Instant;
import java.util.Optional;

/** Where the keyed hash of a member's pending code lives: outside the events, one entry per member. */
public interface CodeStore {

    Optional<StoredCode> find(String verificationId);

    /** Replaces any earlier code of that member. */
    void put(StoredCode code);

    void delete(String verificationId);

    record StoredCode(String verificationId, String requestId, byte[] hash, Instant expiresAt) {
        @Override
        public String toString() {
            return "StoredCode[" + verificationId + ", " + requestId + "]";
        }
    }
}
