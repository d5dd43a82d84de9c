package io.secretledger.api.secret;

/** A file attached to a FILE field at a version: where its ciphertext is kept and what it is. */
public record FileRef(String key, int version, String blobId, String fileName, String contentType, long size) {
}
