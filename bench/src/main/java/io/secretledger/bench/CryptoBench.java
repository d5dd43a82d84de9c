package io.secretledger.bench;

import io.secretledger.api.common.Plaintext;
import io.secretledger.api.secret.EncryptedValue;
import io.secretledger.command.crypto.AssociatedData;
import io.secretledger.command.crypto.ConfiguredMasterKeys;
import io.secretledger.command.crypto.FieldCipher;
import io.secretledger.command.crypto.KeyHierarchy;
import io.secretledger.command.crypto.InMemoryKeyVault;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Decrypting one 40-byte field value as a reveal does it: the application's {@link FieldCipher} (Bouncy Castle
 * AES-256-GCM, data key cached, associated data built), and for comparison the JDK's AES/GCM (AES-NI
 * intrinsics) on the same bytes with the same key, nonce and associated data.
 */
final class CryptoBench {

    private CryptoBench() {
    }

    static List<Stats> measure(int warmup, int samples) throws Exception {
        SecureRandom random = new SecureRandom();
        byte[] master = new byte[32];
        random.nextBytes(master);
        KeyHierarchy keys = new KeyHierarchy(new ConfiguredMasterKeys(Base64.getEncoder().encodeToString(master),
                List.of()), new InMemoryKeyVault(), random);
        FieldCipher cipher = new FieldCipher(keys, random);
        AssociatedData where = new AssociatedData("workspace-1", "secret-1", "token", 1);
        String value = "sk_live_" + "x".repeat(32);
        EncryptedValue sealed = cipher.encrypt(new Plaintext(value), where);

        List<Long> bouncy = new ArrayList<>(samples);
        for (int i = 0; i < warmup + samples; i++) {
            long start = System.nanoTime();
            String plain = cipher.decrypt(sealed, where).value();
            long elapsed = System.nanoTime() - start;
            if (!plain.equals(value)) {
                throw new IllegalStateException("decrypt returned another value");
            }
            if (i >= warmup) {
                bouncy.add(elapsed);
            }
        }

        byte[] key = keys.forDecryption("workspace-1", "secret-1", sealed.keyId());
        byte[] aad = where.encode();
        List<Long> jdk = new ArrayList<>(samples);
        for (int i = 0; i < warmup + samples; i++) {
            long start = System.nanoTime();
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, sealed.nonce()));
            gcm.updateAAD(aad);
            byte[] plain = gcm.doFinal(sealed.ciphertext());
            long elapsed = System.nanoTime() - start;
            if (plain.length != value.length()) {
                throw new IllegalStateException("JDK decrypt returned another value");
            }
            if (i >= warmup) {
                jdk.add(elapsed);
            }
        }
        return List.of(Stats.of("decrypt one field, Bouncy Castle (as revealed)", bouncy, 0),
                Stats.of("decrypt one field, JDK AES/GCM on the same bytes", jdk, 0));
    }
}
