package io.secretledger.command.crypto;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A master key given in configuration (base64 of 32 bytes, from a secret manager or the environment), with
 * the previous ones still listed while workspace keys are rewrapped at start. Keys cannot be made here: an
 * operator rotates by configuring a new key and listing the old one as previous, then restarting instances
 * one by one; each start rewraps what the previous key still wraps.
 */
public final class ConfiguredMasterKeys implements MasterKeys {

    private final String currentId;
    private final Map<String, byte[]> keys = new LinkedHashMap<>();

    public ConfiguredMasterKeys(String currentBase64, List<String> previousBase64) {
        byte[] current = decode(currentBase64, "secretledger.crypto.master-key");
        currentId = MasterKeys.idOf(current);
        keys.put(currentId, current);
        for (String previous : previousBase64) {
            if (previous != null && !previous.isBlank()) {
                byte[] bytes = decode(previous, "secretledger.crypto.previous-master-keys");
                keys.putIfAbsent(MasterKeys.idOf(bytes), bytes);
            }
        }
    }

    @Override
    public String currentId() {
        return currentId;
    }

    @Override
    public synchronized byte[] key(String id) {
        byte[] key = keys.get(id);
        if (key == null) {
            throw new DataKeys.Unavailable("master key " + id + " is not configured");
        }
        return key;
    }

    @Override
    public synchronized Set<String> ids() {
        return Set.copyOf(keys.keySet());
    }

    @Override
    public String beginRotation() {
        throw new UnsupportedOperationException("The master key comes from configuration: set the new key in "
                + "secretledger.crypto.master-key, list the old one in secretledger.crypto.previous-master-keys and "
                + "restart; each start rewraps the workspace keys");
    }

    @Override
    public synchronized void completeRotation() {
        keys.keySet().removeIf(id -> !id.equals(currentId));
    }

    private static byte[] decode(String base64, String property) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " is not base64");
        }
        if (bytes.length != Aead.KEY_BYTES) {
            throw new IllegalStateException(property + " is not a 256-bit key (32 bytes, base64)");
        }
        return bytes;
    }
}
