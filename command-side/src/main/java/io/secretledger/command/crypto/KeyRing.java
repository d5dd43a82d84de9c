package io.secretledger.command.crypto;

/** The keys that encrypt field values, by id; one of them is current for new encryptions. */
public interface KeyRing {

    String currentKeyId();

    /** The 256-bit key with that id; throws {@link UnknownKeyException} if it is not (or no longer) held. */
    byte[] key(String keyId);

    class UnknownKeyException extends RuntimeException {
        public UnknownKeyException(String keyId) {
            super("Key " + keyId + " is not available");
        }
    }
}
