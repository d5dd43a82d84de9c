package io.secretledger.command.crypto;

import io.secretledger.command.common.DomainException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * AES-256-GCM with Bouncy Castle, for values and for wrapping keys alike: 96-bit nonces, 128-bit tags, and
 * associated data naming the place a ciphertext belongs to. Nonces are chosen by the caller from a CSPRNG.
 */
final class Aead {

    static final int NONCE_BYTES = 12;
    static final int KEY_BYTES = 32;
    private static final int TAG_BITS = 128;

    private Aead() {
    }

    static byte[] seal(byte[] key, byte[] nonce, byte[] associatedData, byte[] input) {
        GCMModeCipher gcm = gcm(true, key, nonce, associatedData);
        byte[] output = new byte[gcm.getOutputSize(input.length)];
        int length = gcm.processBytes(input, 0, input.length, output, 0);
        try {
            gcm.doFinal(output, length);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("encryption failed", e);
        }
        return output;
    }

    /** Decrypts, or throws an INTEGRITY refusal: a changed byte, another nonce, key or place all fail alike. */
    static byte[] open(byte[] key, byte[] nonce, byte[] associatedData, byte[] input, String what) {
        if (key == null || key.length != KEY_BYTES || nonce == null || nonce.length != NONCE_BYTES || input == null) {
            throw DomainException.integrity("The stored " + what + " is malformed");
        }
        GCMModeCipher gcm = gcm(false, key, nonce, associatedData);
        byte[] output = new byte[gcm.getOutputSize(input.length)];
        try {
            int length = gcm.processBytes(input, 0, input.length, output, 0);
            length += gcm.doFinal(output, length);
            return length == output.length ? output : Arrays.copyOf(output, length);
        } catch (InvalidCipherTextException | IllegalStateException | org.bouncycastle.crypto.DataLengthException e) {
            throw DomainException.integrity("The stored " + what + " failed its integrity check");
        }
    }

    /** Length-prefixed parts, so that no two different lists of parts encode alike. */
    static byte[] context(String label, String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        for (String part : prepend(label, parts)) {
            byte[] bytes = (part == null ? "" : part).getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static String[] prepend(String label, String[] parts) {
        String[] all = new String[parts.length + 1];
        all[0] = label;
        System.arraycopy(parts, 0, all, 1, parts.length);
        return all;
    }

    private static GCMModeCipher gcm(boolean forEncryption, byte[] key, byte[] nonce, byte[] associatedData) {
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(forEncryption, new AEADParameters(new KeyParameter(key), TAG_BITS, nonce, associatedData));
        return gcm;
    }
}
