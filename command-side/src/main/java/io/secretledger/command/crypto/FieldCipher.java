package io.secretledger.command.crypto;

import io.secretledger.api.common.Plaintext;
import io.secretledger.api.secret.EncryptedValue;
import io.secretledger.command.common.DomainException;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Encrypts field values and files with the secret's own data key (AES-256-GCM, see {@link Aead}): a fresh
 * random 96-bit nonce per encryption and the {@link AssociatedData} of the value's place. The {@link DataKeys}
 * count each key's encryptions and give a new key version before a key reaches its limit.
 */
public class FieldCipher {

    static final int NONCE_BYTES = Aead.NONCE_BYTES;

    private final DataKeys keys;
    private final SecureRandom random;

    public FieldCipher(DataKeys keys, SecureRandom random) {
        this.keys = keys;
        this.random = random;
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
}
