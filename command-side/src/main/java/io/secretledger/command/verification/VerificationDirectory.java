package io.secretledger.command.verification;

import java.time.Instant;
import java.util.Optional;

/** A member's unlock window for reveals, from the event-sourced Verification. */
public interface VerificationDirectory {

    /** Until when the member may reveal without a new code; empty if never verified. */
    Optional<Instant> unlockedUntil(String workspaceId, String memberId);
}
