package io.secretledger.command.secret;

import io.secretledger.api.secret.EncryptedValue;

import java.util.Optional;

/**
 * Where the ciphertext of attached files is kept: outside the event store, so that events stay small and a
 * file's bytes can be destroyed. The hosting application provides it.
 */
public interface FileVault {

    void put(String blobId, EncryptedValue sealed);

    Optional<EncryptedValue> get(String blobId);
}
