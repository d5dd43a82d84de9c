package io.secretledger.api.accessrequest;

import java.time.Instant;

/**
 * The workspace's requests, newest first, for an approver; the viewer's own for anyone else. {@code status} null
 * for all; the {@code after*} keys continue a page.
 */
public record FindAccessRequests(String workspaceId, String viewerId, AccessRequestStatus status,
                                 Instant afterRequestedAt, String afterId, int limit) {
}
