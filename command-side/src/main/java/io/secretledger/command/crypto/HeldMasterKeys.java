package io.secretledger.command.crypto;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The master keys held in memory by id; the last one held is current. Stores differ in where keys come from. */
abstract class HeldMasterKeys implements MasterKeys {

    private final Map<String, byte[]> keys = new LinkedHashMap<>();
    private String currentId;

    @Override
    public synchronized String currentId() {
        return currentId;
    }

    @Override
    public synchronized byte[] key(String id) {
        byte[] key = keys.get(id);
        if (key == null) {
            throw new DataKeys.Unavailable("master key " + id + " is not held");
        }
        return key;
    }

    @Override
    public synchronized Set<String> ids() {
        return Set.copyOf(keys.keySet());
    }

    /**
     * Makes a new random key current and keeps the previous one: the store writes it beside the current key
     * first ({@link #storeNext}), so that a crash before the rotation completes loses nothing.
     */
    @Override
    public synchronized String beginRotation() {
        if (rotationPending()) {
            throw new IllegalStateException("A master key rotation is already under way");
        }
        byte[] bytes = new byte[Aead.KEY_BYTES];
        random().nextBytes(bytes);
        storeNext(bytes);
        hold(bytes);
        return currentId();
    }

    /** Makes the new key the store's only key ({@link #storeCurrent}), then forgets the previous one. */
    @Override
    public synchronized void completeRotation() {
        if (!rotationPending()) {
            return;
        }
        storeCurrent(key(currentId()));
        forgetPrevious();
    }

    protected abstract java.security.SecureRandom random();

    /** Writes a new key beside the current one. */
    protected abstract void storeNext(byte[] key);

    /** Writes the key as the only one, replacing (destroying) the previous one. */
    protected abstract void storeCurrent(byte[] key);

    /** Holds a key and makes it current. */
    protected synchronized void hold(byte[] key) {
        currentId = MasterKeys.idOf(key);
        keys.put(currentId, key);
    }

    /** Holds a key that is not current (a previous one still needed to rewrap). */
    protected synchronized void holdPrevious(byte[] key) {
        keys.putIfAbsent(MasterKeys.idOf(key), key);
    }

    /** Forgets and zeroes every key but the current one. */
    protected synchronized void forgetPrevious() {
        keys.entrySet().removeIf(entry -> {
            if (entry.getKey().equals(currentId)) {
                return false;
            }
            Arrays.fill(entry.getValue(), (byte) 0);
            return true;
        });
    }
}
