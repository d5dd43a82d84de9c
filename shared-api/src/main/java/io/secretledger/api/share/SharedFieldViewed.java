package io.secretledger.api.share;

import io.secretledger.api.common.Actor;

/** The contact saw the field once (the secret's SecretRevealed records the reveal itself). */
public record SharedFieldViewed(String linkId, String workspaceId, String secretId, String fieldKey,
                                int fieldVersion, int viewsLeft, Actor actor) {
}
