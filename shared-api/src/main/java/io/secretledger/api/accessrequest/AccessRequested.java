package io.secretledger.api.accessrequest;

import io.secretledger.api.common.Actor;

/** A member asked for a secret on a ticket; {@code number} counts the member's requests for it from 1. */
public record AccessRequested(String requestId, String workspaceId, String secretId, String memberId, int number,
                              String ticketId, String reason, int durationMinutes, Actor actor) {
}
