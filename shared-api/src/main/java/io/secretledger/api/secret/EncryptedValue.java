package io.secretledger.api.secret;

/**
 * AES-256-GCM ciphertext of one sensitive field value at one version. The associated data (workspace,
 * secret, field and version) is not stored here: it is recomputed from where the value sits, so a
 * ciphertext moved elsewhere fails to decrypt.
 *
 * @param keyId      which key encrypted it
 * @param nonce      the 96-bit nonce used once with that key
 * @param ciphertext the ciphertext with its 128-bit tag
 */
public record EncryptedValue(String keyId, byte[] nonce, byte[] ciphertext) {

    @Override
    public boolean equals(Object other) {
        return other instanceof EncryptedValue that && java.util.Objects.equals(keyId, that.keyId)
                && java.util.Arrays.equals(nonce, that.nonce) && java.util.Arrays.equals(ciphertext, that.ciphertext);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * java.util.Objects.hashCode(keyId) + java.util.Arrays.hashCode(nonce))
                + java.util.Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "EncryptedValue[keyId=" + keyId + "]";
    }
}
