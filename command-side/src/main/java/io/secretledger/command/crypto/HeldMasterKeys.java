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
