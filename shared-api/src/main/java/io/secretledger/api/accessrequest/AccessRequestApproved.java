package io.secretledger.api.accessrequest;

import io.secretledger.api.common.Actor;

import java.time.Instant;

/** The request is granted until {@code until}, or until its ticket closes, whichever comes first. */
public record AccessRequestApproved(String requestId, String workspaceId, String secretId, String memberId,
                                    int number, String ticketId, Instant until, String comment, Actor actor) {
}
