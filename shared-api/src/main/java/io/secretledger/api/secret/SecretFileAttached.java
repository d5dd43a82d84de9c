package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;

/** The file itself is encrypted in the file vault under {@code file.blobId}, never in the event. */
public record SecretFileAttached(String secretId, String workspaceId, FileRef file, Actor actor) {
}
