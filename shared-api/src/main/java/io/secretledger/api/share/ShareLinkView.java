package io.secretledger.api.share;

import java.time.Instant;

public record ShareLinkView(String id, ShareLinkKind kind, String secretId, String fieldKey, String contactId,
                            String ticketId, String createdBy, Instant createdAt, Instant expiresAt, int maxViews,
                            int viewsLeft, boolean requireCode, ShareLinkStatus status, Integer submittedVersion,
                            Instant submittedAt) {
}
