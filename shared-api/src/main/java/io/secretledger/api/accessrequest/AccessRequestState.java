package io.secretledger.api.accessrequest;

import java.time.Instant;

/** What a request command left: the request's status and, once granted, until when. */
public record AccessRequestState(String requestId, AccessRequestStatus status, Instant until) {
}
