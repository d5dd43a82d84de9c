package io.secretledger.command.crypto;

/**
 * Binds a ciphertext to where it belongs: workspace, secret, field and value version. A ciphertext copied
 * to another secret, field or version fails authentication instead of decrypting.
 */
public record AssociatedData(String workspaceId, String secretId, String fieldKey, int version) {

    /** The bytes authenticated with the ciphertext: length-prefixed parts, so no two places encode alike. */
    public byte[] encode() {
        return Aead.context("secretledger/v1", workspaceId, secretId, fieldKey, Integer.toString(version));
    }
}
