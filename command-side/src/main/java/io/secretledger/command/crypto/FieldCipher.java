package io.secretledger.command.crypto;

import io.secretledger.api.common.Plaintext;
import io.secretledger.api.secret.EncryptedValue;
import io.secretledger.command.common.DomainException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * AES-256-GCM with Bouncy Castle: a fresh random 96-bit nonce per encryption, a 128-bit tag, and the
 * {@link AssociatedData} of the value's place. Counts encryptions per key and refuses to go past the
 * configured limit, far below the 2^32 random-nonce bound, so that a key is rotated long before.
 */
public class FieldCipher {

    static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final KeyRing keys;
    private final SecureRandom random;
    private final long maxEncryptionsPerKey;
    private final Map<String, AtomicLong> encryptions = new ConcurrentHashMap<>();

    public FieldCipher(KeyRing keys, SecureRandom random, long maxEncryptionsPerKey) {
        this.keys = keys;
        this.random = random;
        this.maxEncryptionsPerKey = maxEncryptionsPerKey;
    }

    public EncryptedValue encrypt(Plaintext plaintext, AssociatedData where) {
        return seal(plaintext.value().getBytes(StandardCharsets.UTF_8), where);
    }

    /** Encrypts bytes, such as a file, bound to their place as a field value is. */
    public EncryptedValue seal(byte[] input, AssociatedData where) {
        String keyId = keys.currentKeyId();
        long used = encryptions.computeIfAbsent(keyId, id -> new AtomicLong()).incrementAndGet();
        if (used > maxEncryptionsPerKey) {
            throw new IllegalStateException("Key " + keyId + " reached its encryption limit; rotate it");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        GCMModeCipher gcm = gcm(true, keys.key(keyId), nonce, where);
        byte[] output = new byte[gcm.getOutputSize(input.length)];
        int length = gcm.processBytes(input, 0, input.length, output, 0);
        try {
            gcm.doFinal(output, length);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("encryption failed", e);
        }
        return new EncryptedValue(keyId, nonce, output);
    }

    /** Decrypts, or throws an INTEGRITY refusal if the ciphertext, nonce, key or place does not match. */
    public Plaintext decrypt(EncryptedValue sealed, AssociatedData where) {
        return new Plaintext(new String(open(sealed, where), StandardCharsets.UTF_8));
    }

    /** Decrypts bytes, or throws an INTEGRITY refusal as {@link #decrypt} does. */
    public byte[] open(EncryptedValue sealed, AssociatedData where) {
        byte[] key;
        try {
            key = keys.key(sealed.keyId());
        } catch (KeyRing.UnknownKeyException e) {
            throw DomainException.integrity("The key of this value is not available");
        }
        if (sealed.nonce() == null || sealed.nonce().length != NONCE_BYTES || sealed.ciphertext() == null) {
            throw DomainException.integrity("The stored value is malformed");
        }
        GCMModeCipher gcm = gcm(false, key, sealed.nonce(), where);
        byte[] input = sealed.ciphertext();
        byte[] output = new byte[gcm.getOutputSize(input.length)];
        try {
            int length = gcm.processBytes(input, 0, input.length, output, 0);
            length += gcm.doFinal(output, length);
            return length == output.length ? output : java.util.Arrays.copyOf(output, length);
        } catch (InvalidCipherTextException | IllegalStateException e) {
            throw DomainException.integrity("The stored value failed its integrity check");
        }
    }

    long encryptionsWith(String keyId) {
        AtomicLong count = encryptions.get(keyId);
        return count == null ? 0 : count.get();
    }

    private static GCMModeCipher gcm(boolean forEncryption, byte[] key, byte[] nonce, AssociatedData where) {
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(forEncryption, new AEADParameters(new KeyParameter(key), TAG_BITS, nonce, where.encode()));
        return gcm;
    }
}
