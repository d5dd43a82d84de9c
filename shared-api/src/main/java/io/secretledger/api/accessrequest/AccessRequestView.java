package io.secretledger.api.accessrequest;

import java.time.Instant;

/** A request as approvers and its requester see it: no value, only who asked for what, why, and what became of it. */
public record AccessRequestView(String id, String workspaceId, String secretId, String secretName, String memberId,
                                String memberEmail, int number, String ticketId, String reason, int durationMinutes,
                                boolean breakGlass, AccessRequestStatus status, Instant requestedAt,
                                Instant decidedAt, String decidedBy, String comment, Instant until) {
}
