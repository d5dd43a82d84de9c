package io.secretledger.command.crypto;

import io.secretledger.command.crypto.KeyVault.DataKeyEntry;
import io.secretledger.command.crypto.KeyVault.WorkspaceKeys;
import io.secretledger.command.crypto.KeyVault.WrappedKey;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Envelope encryption: a data key per secret, wrapped by a key per workspace, wrapped by the master key.
 * Wrapped keys live in the {@link KeyVault}; unwrapped ones are cached in memory (data keys in a bounded
 * LRU). Every wrap is AES-256-GCM with a fresh nonce and associated data naming the key's place, so a wrapped
 * key moved elsewhere or changed fails with an integrity error. Rotations rewrap; they never re-encrypt
 * values, so the events stay as they are. Destroying a data key (permanent delete) leaves a tombstone.
 */
public class KeyHierarchy implements DataKeys {

    public static final String DATA_KEY_ID = "dk1";
    private static final int CACHED_DATA_KEYS = 10_000;

    private final MasterKeys masters;
    private final KeyVault vault;
    private final SecureRandom random;
    /** Creations take the read lock, rotations the write lock: nothing is wrapped by a key being retired. */
    private final ReadWriteLock rotation = new ReentrantReadWriteLock();
    private final Map<String, Map<Integer, byte[]>> workspaceKeys = new ConcurrentHashMap<>();
    private final Map<String, byte[]> dataKeys = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                    return size() > CACHED_DATA_KEYS;
                }
            });

    public KeyHierarchy(MasterKeys masters, KeyVault vault, SecureRandom random) {
        this.masters = masters;
        this.vault = vault;
        this.random = random;
    }

    /** What a rotation did: the key versions (or master key ids) before and after, and how many keys it rewrapped. */
    public record Rotation(String from, String to, int rewrapped) {
    }

    @Override
    public DataKey forEncryption(String workspaceId, String secretId) {
        byte[] cached = dataKeys.get(secretId);
        if (cached != null) {
            return new DataKey(DATA_KEY_ID, cached);
        }
        DataKeyEntry entry = vault.dataKey(secretId).orElse(null);
        if (entry == null) {
            entry = locked(rotation.readLock(), () -> createDataKey(workspaceId, secretId));
        }
        return new DataKey(DATA_KEY_ID, unwrapDataKey(workspaceId, entry));
    }

    @Override
    public byte[] forDecryption(String workspaceId, String secretId, String keyId) {
        if (!DATA_KEY_ID.equals(keyId)) {
            throw new Unavailable("the value names no data key of this secret");
        }
        byte[] cached = dataKeys.get(secretId);
        if (cached != null) {
            return cached;
        }
        DataKeyEntry entry = vault.dataKey(secretId)
                .orElseThrow(() -> new Unavailable("the secret has no data key"));
        return unwrapDataKey(workspaceId, entry);
    }

    /** Crypto-shredding: the secret's data key is replaced by a tombstone; nothing it encrypted can be read again. */
    public void destroyDataKey(String workspaceId, String secretId, Instant at) {
        dataKeys.remove(secretId);
        DataKeyEntry entry = vault.dataKey(secretId).orElse(null);
        if (entry == null || !entry.destroyed()) {
            vault.replaceDataKey(new DataKeyEntry(secretId, workspaceId, 0, null, at));
        }
        // Again: a decryption that read the entry before the tombstone may have cached the key meanwhile.
        dataKeys.remove(secretId);
    }

    /** Whether the secret's data key is destroyed. */
    public boolean destroyed(String secretId) {
        return vault.dataKey(secretId).map(DataKeyEntry::destroyed).orElse(false);
    }

    /**
     * A new key version for the workspace; every live data key of the workspace is rewrapped under it, then
     * the older versions are retired (deleted from the vault).
     */
    public Rotation rotateWorkspaceKey(String workspaceId) {
        return locked(rotation.writeLock(), () -> {
            WorkspaceKeys keys = vault.workspaceKeys(workspaceId).orElse(null);
            if (keys == null) {
                createWorkspaceKeys(workspaceId);
                return new Rotation("none", "1", 0);
            }
            byte[] fresh = newKey();
            int version = keys.versions().keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
            Map<Integer, WrappedKey> versions = new HashMap<>(keys.versions());
            versions.put(version, wrapWorkspaceKey(workspaceId, version, fresh));
            vault.replaceWorkspaceKeys(new WorkspaceKeys(workspaceId, version, versions));
            workspaceKeys.computeIfAbsent(workspaceId, id -> new ConcurrentHashMap<>()).put(version, fresh);
            int rewrapped = 0;
            for (String secretId : vault.dataKeysOf(workspaceId)) {
                DataKeyEntry entry = vault.dataKey(secretId).orElse(null);
                if (entry == null || entry.destroyed() || entry.workspaceKeyVersion() == version) {
                    continue;
                }
                byte[] dataKey = unwrapDataKey(workspaceId, entry);
                vault.replaceDataKey(new DataKeyEntry(secretId, workspaceId, version,
                        wrapDataKey(workspaceId, secretId, version, fresh, dataKey), null));
                rewrapped++;
            }
            vault.replaceWorkspaceKeys(new WorkspaceKeys(workspaceId, version, Map.of(version, versions.get(version))));
            workspaceKeys.put(workspaceId, new ConcurrentHashMap<>(Map.of(version, fresh)));
            return new Rotation(Integer.toString(keys.current()), Integer.toString(version), rewrapped);
        });
    }

    /** A new master key; every workspace key is rewrapped under it, then the old master key is retired. */
    public Rotation rotateMasterKey() {
        return locked(rotation.writeLock(), () -> {
            String from = masters.currentId();
            String to = masters.beginRotation();
            int rewrapped = rewrapUnder(to);
            masters.completeRotation();
            return new Rotation(from, to, rewrapped);
        });
    }

    /**
     * At start: every workspace key must be wrapped by a master key held here and must unwrap; a rotation that
     * was interrupted (or a previous configured key) is finished.
     *
     * @throws IllegalStateException with what is wrong, so that the application refuses to start
     */
    public int verifyAndFinishRotation() {
        for (String workspaceId : vault.workspaceIds()) {
            WorkspaceKeys keys = vault.workspaceKeys(workspaceId).orElseThrow();
            for (Map.Entry<Integer, WrappedKey> version : keys.versions().entrySet()) {
                String wrappingKeyId = version.getValue().wrappingKeyId();
                if (!masters.ids().contains(wrappingKeyId)) {
                    throw new IllegalStateException("The key vault's workspace keys are wrapped by master key "
                            + wrappingKeyId + ", but the master key given is " + masters.currentId()
                            + ": start with the master key this data was encrypted with");
                }
                try {
                    unwrapWorkspaceKey(workspaceId, version.getKey(), version.getValue());
                } catch (RuntimeException e) {
                    throw new IllegalStateException("A workspace key in the key vault does not unwrap under master key "
                            + wrappingKeyId + " (changed or damaged): " + e.getMessage());
                }
            }
        }
        if (!masters.rotationPending()) {
            return 0;
        }
        return locked(rotation.writeLock(), () -> {
            int rewrapped = rewrapUnder(masters.currentId());
            masters.completeRotation();
            return rewrapped;
        });
    }

    /** A key for an internal purpose (such as hashing verification codes), kept and rotated as a workspace key. */
    public byte[] purposeKey(String purpose) {
        String id = "purpose:" + purpose;
        WorkspaceKeys keys = vault.workspaceKeys(id).orElse(null);
        if (keys == null) {
            keys = locked(rotation.readLock(), () -> createWorkspaceKeys(id));
        }
        return workspaceKey(id, keys.current(), keys);
    }

    private int rewrapUnder(String masterKeyId) {
        int rewrapped = 0;
        for (String workspaceId : vault.workspaceIds()) {
            WorkspaceKeys keys = vault.workspaceKeys(workspaceId).orElseThrow();
            Map<Integer, WrappedKey> versions = new HashMap<>();
            boolean changed = false;
            for (Map.Entry<Integer, WrappedKey> version : keys.versions().entrySet()) {
                if (version.getValue().wrappingKeyId().equals(masterKeyId)) {
                    versions.put(version.getKey(), version.getValue());
                    continue;
                }
                byte[] key = unwrapWorkspaceKey(workspaceId, version.getKey(), version.getValue());
                versions.put(version.getKey(), wrapWorkspaceKey(workspaceId, version.getKey(), key));
                changed = true;
                rewrapped++;
            }
            if (changed) {
                vault.replaceWorkspaceKeys(new WorkspaceKeys(workspaceId, keys.current(), versions));
            }
        }
        return rewrapped;
    }

    private DataKeyEntry createDataKey(String workspaceId, String secretId) {
        WorkspaceKeys keys = vault.workspaceKeys(workspaceId).orElseGet(() -> createWorkspaceKeys(workspaceId));
        byte[] workspaceKey = workspaceKey(workspaceId, keys.current(), keys);
        byte[] dataKey = newKey();
        DataKeyEntry entry = new DataKeyEntry(secretId, workspaceId, keys.current(),
                wrapDataKey(workspaceId, secretId, keys.current(), workspaceKey, dataKey), null);
        if (vault.addDataKey(entry)) {
            dataKeys.put(secretId, dataKey);
            return entry;
        }
        return vault.dataKey(secretId).orElseThrow(() -> new Unavailable("the secret's data key vanished"));
    }

    private WorkspaceKeys createWorkspaceKeys(String workspaceId) {
        byte[] key = newKey();
        WorkspaceKeys keys = new WorkspaceKeys(workspaceId, 1, Map.of(1, wrapWorkspaceKey(workspaceId, 1, key)));
        if (vault.addWorkspaceKeys(keys)) {
            workspaceKeys.computeIfAbsent(workspaceId, id -> new ConcurrentHashMap<>()).put(1, key);
            return keys;
        }
        return vault.workspaceKeys(workspaceId).orElseThrow(() -> new Unavailable("the workspace keys vanished"));
    }

    private byte[] unwrapDataKey(String workspaceId, DataKeyEntry entry) {
        if (entry.destroyed()) {
            throw new Unavailable("the secret's data key was destroyed when it was permanently deleted");
        }
        if (!entry.workspaceId().equals(workspaceId)) {
            throw new Unavailable("the data key belongs to another workspace");
        }
        byte[] workspaceKey = workspaceKey(workspaceId, entry.workspaceKeyVersion(), null);
        WrappedKey wrapped = entry.key();
        byte[] dataKey = Aead.open(workspaceKey, wrapped.nonce(),
                dataKeyContext(workspaceId, entry.secretId(), entry.workspaceKeyVersion()), wrapped.wrapped(),
                "data key");
        dataKeys.put(entry.secretId(), dataKey);
        return dataKey;
    }

    private byte[] workspaceKey(String workspaceId, int version, WorkspaceKeys known) {
        Map<Integer, byte[]> cached = workspaceKeys.get(workspaceId);
        if (cached != null && cached.containsKey(version)) {
            return cached.get(version);
        }
        WorkspaceKeys keys = known != null && known.versions().containsKey(version) ? known
                : vault.workspaceKeys(workspaceId).orElseThrow(() -> new Unavailable("the workspace has no keys"));
        WrappedKey wrapped = keys.versions().get(version);
        if (wrapped == null) {
            throw new Unavailable("workspace key version " + version + " is retired");
        }
        byte[] key = unwrapWorkspaceKey(workspaceId, version, wrapped);
        workspaceKeys.computeIfAbsent(workspaceId, id -> new ConcurrentHashMap<>()).put(version, key);
        return key;
    }

    private byte[] unwrapWorkspaceKey(String workspaceId, int version, WrappedKey wrapped) {
        return Aead.open(masters.key(wrapped.wrappingKeyId()), wrapped.nonce(), workspaceKeyContext(workspaceId, version),
                wrapped.wrapped(), "workspace key");
    }

    private WrappedKey wrapWorkspaceKey(String workspaceId, int version, byte[] key) {
        String masterId = masters.currentId();
        byte[] nonce = nonce();
        return new WrappedKey(masterId, nonce,
                Aead.seal(masters.key(masterId), nonce, workspaceKeyContext(workspaceId, version), key));
    }

    private WrappedKey wrapDataKey(String workspaceId, String secretId, int version, byte[] workspaceKey, byte[] key) {
        byte[] nonce = nonce();
        return new WrappedKey("workspace-key-" + version, nonce,
                Aead.seal(workspaceKey, nonce, dataKeyContext(workspaceId, secretId, version), key));
    }

    private static byte[] workspaceKeyContext(String workspaceId, int version) {
        return Aead.context("secretledger/workspace-key/v1", workspaceId, Integer.toString(version));
    }

    private static byte[] dataKeyContext(String workspaceId, String secretId, int version) {
        return Aead.context("secretledger/data-key/v1", workspaceId, secretId, Integer.toString(version));
    }

    private byte[] newKey() {
        byte[] key = new byte[Aead.KEY_BYTES];
        random.nextBytes(key);
        return key;
    }

    private byte[] nonce() {
        byte[] nonce = new byte[Aead.NONCE_BYTES];
        random.nextBytes(nonce);
        return nonce;
    }

    private static <T> T locked(java.util.concurrent.locks.Lock lock, Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** Copies of the ids of every cached key, for tests that check a destroyed key is gone from memory. */
    List<String> cachedDataKeys() {
        synchronized (dataKeys) {
            return List.copyOf(dataKeys.keySet());
        }
    }
}
