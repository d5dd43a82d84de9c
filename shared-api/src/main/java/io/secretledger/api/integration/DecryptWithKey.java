package io.secretledger.api.integration;

import io.secretledger.api.common.Actor;

/** Decrypts what {@link EncryptWithKey} produced under the same key reference, at the key version it names. */
public record DecryptWithKey(String workspaceId, String keyRef, String ciphertext, Actor actor) {
}
