package io.secretledger.api.share;

import io.secretledger.api.common.Actor;

/** The contact's value is version {@code fieldVersion} of the field (its SecretEdited holds only ciphertext). */
public record CredentialSubmitted(String linkId, String workspaceId, String secretId, String fieldKey,
                                  int fieldVersion, String requestedBy, Actor actor) {
}
