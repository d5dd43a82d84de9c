package io.secretledger.api.share;

import io.secretledger.api.common.Actor;

/** A view or a code that gave nothing, with why; {@code failures} counts wrong codes so far. */
public record ShareLinkRefused(String linkId, String workspaceId, String secretId, ShareOutcome outcome,
                               int failures, Actor actor) {
}
