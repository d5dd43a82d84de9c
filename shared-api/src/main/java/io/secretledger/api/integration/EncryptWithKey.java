package io.secretledger.api.integration;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.Plaintext;

/**
 * Encrypts data under a key kept as a secret's field, named {@code keyRef = "<secret name>/<field>"} (seed 004: keys
 * are used by reference, never entered directly); the key never leaves the service (Vault's transit model).
 */
public record EncryptWithKey(String workspaceId, String keyRef, Plaintext plaintext, Actor actor) {
}
