package io.secretledger.command.crypto;

import io.secretledger.api.common.Plaintext;
import io.secretledger.api.secret.EncryptedValue;
import io.secretledger.command.common.DomainException;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Encrypts field values and files with the secret's own data key (AES-256-GCM, see {@link Aead}): a fresh
 * random 96-bit nonce per encryption and the {@link AssociatedData} of the value's place. Counts encryptions
 * per key and refuses to go past the configured limit, far below the 2^32 random-nonce bound.
 */
public class FieldCipher {

    static final int NONCE_BYTES = Aead.NONCE_BYTES;

    private final DataKeys keys;
    private final SecureRandom random;
    private final long maxEncryptionsPerKey;
    private final Map<String, AtomicLong> encryptions = new ConcurrentHashMap<>();

    public FieldCipher(DataKeys keys, SecureRandom random, long maxEncryptionsPerKey) {
        this.keys = keys;
        this.random = random;
        this.maxEncryptionsPerKey = maxEncryptionsPerKey;
    }

    public EncryptedValue encrypt(Plaintext plaintext, AssociatedData where) {
        return seal(plaintext.value().getBytes(StandardCharsets.UTF_8), where);
    }

    /** Encrypts bytes, such as a file, bound to their place as a field value is. */
    public EncryptedValue seal(byte[] input, AssociatedData where) {
        DataKeys.DataKey key;
        try {
            key = keys.forEncryption(where.workspaceId(), where.secretId());
        } catch (DataKeys.Unavailable e) {
            throw DomainException.integrity("This secret's key is not available: " + e.getMessage());
        }
        String counter = where.secretId() + "/" + key.keyId();
        long used = encryptions.computeIfAbsent(counter, id -> new AtomicLong()).incrementAndGet();
        if (used > maxEncryptionsPerKey) {
            throw new IllegalStateException("A data key reached its encryption limit; rotate it");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        return new EncryptedValue(key.keyId(), nonce, Aead.seal(key.key(), nonce, where.encode(), input));
    }

    /** Decrypts, or throws an INTEGRITY refusal if the ciphertext, nonce, key or place does not match. */
    public Plaintext decrypt(EncryptedValue sealed, AssociatedData where) {
        return new Plaintext(new String(open(sealed, where), StandardCharsets.UTF_8));
    }

    /** Decrypts bytes, or throws an INTEGRITY refusal as {@link #decrypt} does. */
    public byte[] open(EncryptedValue sealed, AssociatedData where) {
        byte[] key;
        try {
            key = keys.forDecryption(where.workspaceId(), where.secretId(), sealed.keyId());
        } catch (DataKeys.Unavailable e) {
            throw DomainException.integrity("The key of this value is not available: " + e.getMessage());
        }
        return Aead.open(key, sealed.nonce(), where.encode(), sealed.ciphertext(), "value");
    }

    long encryptionsWith(String secretId, String keyId) {
        AtomicLong count = encryptions.get(secretId + "/" + keyId);
        return count == null ? 0 : count.get();
    }
}
