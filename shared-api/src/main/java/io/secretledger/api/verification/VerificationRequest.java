package io.secretledger.api.verification;

import java.time.Instant;

/** A code was e-mailed: to which address (masked) and until when it holds. */
public record VerificationRequest(String requestId, String sentTo, Instant expiresAt) {
}
