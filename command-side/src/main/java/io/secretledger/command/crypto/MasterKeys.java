package io.secretledger.command.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * The master keys that wrap workspace keys. One is current; during a rotation the previous one is still
 * held, so that every workspace key can be rewrapped before it is retired.
 */
public interface MasterKeys {

    String currentId();

    /** The 256-bit key with that id; throws {@link DataKeys.Unavailable} if it is not held. */
    byte[] key(String id);

    /** Ids of every key held: the current one, and the previous one while a rotation is under way. */
    Set<String> ids();

    /**
     * Makes a new key current and keeps the previous one until {@link #completeRotation()}.
     *
     * @throws UnsupportedOperationException with the way to rotate, where keys cannot be made here
     */
    String beginRotation();

    /** Retires (forgets and, where this store can, destroys) every key but the current one. */
    void completeRotation();

    /** Whether a previous key is still held, so a rotation must be finished. */
    default boolean rotationPending() {
        return ids().size() > 1;
    }

    /** A key's id: a fingerprint that names it without revealing it (the first 4 bytes of its SHA-256). */
    static String idOf(byte[] key) {
        try {
            return "master-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
