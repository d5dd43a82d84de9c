package io.secretledger.query.share;

import io.secretledger.api.share.ShareLinkKind;
import io.secretledger.api.share.ShareLinkStatus;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * A share link or credential request as its events say (never its token: the id is the token's hash). Whether it
 * has expired is decided when it is read, so a rebuild writes the same documents.
 */
@Document("share-links")
record ShareLinkDocument(@Id String id, ShareLinkKind kind, String workspaceId, String secretId, String fieldKey,
                         Integer fieldVersion, String contactId, String ticketId, String createdBy,
                         String createdById, Instant createdAt, Instant expiresAt, Integer maxViews,
                         Integer viewsLeft, Boolean requireCode, Boolean revoked, Boolean fieldChanged,
                         Boolean secretGone, Integer submittedVersion, Instant submittedAt) {

    ShareLinkStatus statusAt(Instant now) {
        if (submittedVersion != null) {
            return ShareLinkStatus.SUBMITTED;
        }
        if (Boolean.TRUE.equals(revoked)) {
            return ShareLinkStatus.REVOKED;
        }
        if (Boolean.TRUE.equals(secretGone)) {
            return ShareLinkStatus.SECRET_GONE;
        }
        if (Boolean.TRUE.equals(fieldChanged)) {
            return ShareLinkStatus.FIELD_CHANGED;
        }
        if (viewsLeft != null && viewsLeft <= 0) {
            return ShareLinkStatus.USED;
        }
        return now.isBefore(expiresAt) ? ShareLinkStatus.ACTIVE : ShareLinkStatus.EXPIRED;
    }
}
