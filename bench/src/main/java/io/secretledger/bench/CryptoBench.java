package io.secretledger.bench;

import io.secretledger.api.common.Plaintext;
import io.secretledger.api.secret.EncryptedValue;
import io.secretledger.command.crypto.AssociatedData;
import io.secretledger.command.crypto.ConfiguredMasterKeys;
import io.secretledger.command.crypto.FieldCipher;
import io.secretledger.command.crypto.KeyHierarchy;
import io.secretledger.command.crypto.KeyVault;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
                List.of()), new MapVault(), random);
        FieldCipher cipher = new FieldCipher(keys, random, Long.MAX_VALUE);
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

    private static final class MapVault implements KeyVault {
        private final Map<String, WorkspaceKeys> workspaces = new ConcurrentHashMap<>();
        private final Map<String, DataKeyEntry> dataKeys = new ConcurrentHashMap<>();

        @Override
        public Optional<WorkspaceKeys> workspaceKeys(String workspaceId) {
            return Optional.ofNullable(workspaces.get(workspaceId));
        }

        @Override
        public boolean addWorkspaceKeys(WorkspaceKeys keys) {
            return workspaces.putIfAbsent(keys.workspaceId(), keys) == null;
        }

        @Override
        public void replaceWorkspaceKeys(WorkspaceKeys keys) {
            workspaces.put(keys.workspaceId(), keys);
        }

        @Override
        public List<String> workspaceIds() {
            return List.copyOf(workspaces.keySet());
        }

        @Override
        public Optional<DataKeyEntry> dataKey(String secretId) {
            return Optional.ofNullable(dataKeys.get(secretId));
        }

        @Override
        public boolean addDataKey(DataKeyEntry entry) {
            return dataKeys.putIfAbsent(entry.secretId(), entry) == null;
        }

        @Override
        public void replaceDataKey(DataKeyEntry entry) {
            dataKeys.put(entry.secretId(), entry);
        }

        @Override
        public List<String> dataKeysOf(String workspaceId) {
            return dataKeys.values().stream().filter(e -> workspaceId.equals(e.workspaceId()))
                    .map(DataKeyEntry::secretId).toList();
        }
    }
}
