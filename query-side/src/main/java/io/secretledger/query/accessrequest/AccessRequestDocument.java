package io.secretledger.query.accessrequest;

import io.secretledger.api.accessrequest.AccessRequestStatus;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * A member's latest request for a secret (the id names both; earlier ones are in the audit log). Stored as the
 * events say it; whether an approved one is still live is decided when it is read, against the clock and
 * {@code ticketClosed}, so that a rebuild writes the same documents.
 */
@Document("access-requests")
record AccessRequestDocument(@Id String id, String workspaceId, String secretId, String memberId, Integer number,
                             String ticketId, String reason, Integer durationMinutes, Boolean breakGlass,
                             AccessRequestStatus status, Instant requestedAt, Instant decidedAt, String decidedBy,
                             String comment, Instant until, Boolean ticketClosed) {

    /** The status a person sees: an approved request whose time ran out or whose ticket closed has ENDED. */
    AccessRequestStatus statusAt(Instant now) {
        if (status == AccessRequestStatus.APPROVED
                && (Boolean.TRUE.equals(ticketClosed) || until == null || !now.isBefore(until))) {
            return AccessRequestStatus.ENDED;
        }
        return status;
    }
}
