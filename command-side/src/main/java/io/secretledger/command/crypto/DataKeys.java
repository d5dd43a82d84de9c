package io.secretledger.command.crypto;

/** The per-secret data keys that encrypt field values and files. */
public interface DataKeys {

    /** The key a new value of that secret is encrypted with; created on the secret's first encryption. */
    DataKey forEncryption(String workspaceId, String secretId);

    /**
     * The key with that id of that secret.
     *
     * @throws Unavailable if it does not exist, was destroyed (crypto-shredded) or cannot be unwrapped
     */
    byte[] forDecryption(String workspaceId, String secretId, String keyId);

    /** A data key and the id recorded beside each ciphertext it makes. */
    record DataKey(String keyId, byte[] key) {
        @Override
        public String toString() {
            return "DataKey[" + keyId + "]";
        }
    }

    class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }
}
