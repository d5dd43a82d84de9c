package io.secretledger.api.share;

import io.secretledger.api.common.ErrorDetails;

import java.time.Instant;

/** What a creator learns of a link; {@code refused} when the attempt was refused and recorded with the secret. */
public record ShareLinkState(String linkId, ShareLinkStatus status, Instant expiresAt, int viewsLeft,
                             ErrorDetails refused) {

    public static ShareLinkState refused(ErrorDetails details) {
        return new ShareLinkState(null, null, null, 0, details);
    }
}
