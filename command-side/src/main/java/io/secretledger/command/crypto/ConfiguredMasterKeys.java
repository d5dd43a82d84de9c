package io.secretledger.command.crypto;

import java.util.Base64;
import java.util.List;

/**
 * A master key given in configuration (base64 of 32 bytes, from a secret manager or the environment), with
 * the previous ones still listed while workspace keys are rewrapped at start. Keys cannot be made here: an
 * operator rotates by configuring a new key and listing the old one as previous, then restarting instances
 * one by one; each start rewraps what the previous key still wraps.
 */
public final class ConfiguredMasterKeys extends HeldMasterKeys {

    public ConfiguredMasterKeys(String currentBase64, List<String> previousBase64) {
        hold(decode(currentBase64, "secretledger.crypto.master-key"));
        for (String previous : previousBase64) {
            if (previous != null && !previous.isBlank()) {
                holdPrevious(decode(previous, "secretledger.crypto.previous-master-keys"));
            }
        }
    }

    @Override
    public String beginRotation() {
        throw new UnsupportedOperationException("The master key comes from configuration: set the new key in "
                + "secretledger.crypto.master-key, list the old one in secretledger.crypto.previous-master-keys and "
                + "restart; each start rewraps the workspace keys");
    }

    /** Once every workspace key is rewrapped, the previous configured keys are no longer used here. */
    @Override
    public synchronized void completeRotation() {
        forgetPrevious();
    }

    @Override
    protected java.security.SecureRandom random() {
        throw new UnsupportedOperationException("keys are not made here");
    }

    @Override
    protected void storeNext(byte[] key) {
        throw new UnsupportedOperationException("keys are not stored here");
    }

    @Override
    protected void storeCurrent(byte[] key) {
        throw new UnsupportedOperationException("keys are not stored here");
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
