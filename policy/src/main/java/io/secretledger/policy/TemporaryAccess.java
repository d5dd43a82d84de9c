package io.secretledger.policy;

import java.time.Instant;

/**
 * Access a member was granted for a while (issue 20): an approved request, live until {@code until} or until its
 * ticket closes, whichever comes first; or an owner's break-glass access, which has no ticket.
 */
public record TemporaryAccess(String requestId, String ticketId, boolean ticketOpen, Instant until,
                              boolean breakGlass) {

    public boolean liveAt(Instant now) {
        return ticketOpen && until != null && now.isBefore(until);
    }

    public String grantName() {
        return (breakGlass ? "break-glass:" : "access-request:") + requestId;
    }
}
