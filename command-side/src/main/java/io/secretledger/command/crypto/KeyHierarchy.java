package io.secretledger.command.crypto;

import io.secretledger.command.crypto.KeyVault.DataKeyEntry;
import io.secretledger.command.crypto.KeyVault.WorkspaceKeys;
import io.secretledger.command.crypto.KeyVault.WrappedKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Envelope encryption: a data key per secret, wrapped by a key per workspace, wrapped by the master key.
 * Wrapped keys live in the {@link KeyVault}; unwrapped ones are cached in memory (data keys in a bounded
 * LRU). Every wrap is AES-256-GCM with a fresh nonce and associated data naming the key's place, so a wrapped
 * key moved elsewhere or changed fails with an integrity error. Rotations rewrap; they never re-encrypt
 * values, so the events stay as they are. Destroying a data key (permanent delete) leaves a tombstone.
 * <p>
 * A data key encrypts at most {@code maxEncryptionsPerKey} times (random 96-bit nonces stay safe far below
 * 2^32): the count is reserved in the vault a block ahead of use, so a restart counts every reserved encryption
 * as done, and the encryption past the limit gets a new key version ({@code dk2}, {@code dk3}, ...) while the
 * older versions still decrypt what they encrypted.
 */
public class KeyHierarchy implements DataKeys {

    private static final Logger log = LoggerFactory.getLogger(KeyHierarchy.class);
    /** Far below the 2^32 encryptions NIST SP 800-38D allows one key with random nonces. */
    public static final long DEFAULT_MAX_ENCRYPTIONS = 1_000_000_000L;
    private static final int CACHED_DATA_KEYS = 10_000;
    private static final Pattern DATA_KEY_ID = Pattern.compile("dk([1-9][0-9]{0,8})");

    private final MasterKeys masters;
    private final KeyVault vault;
    private final SecureRandom random;
    private final long maxEncryptionsPerKey;
    private final long reservationBlock;
    /** Creations take the read lock, rotations the write lock: nothing is wrapped by a key being retired. */
    private final ReadWriteLock rotation = new ReentrantReadWriteLock();
    /** A secret's encryptions, reservations and destruction take one of these, so none overtakes another. */
    private final Object[] secretLocks = new Object[64];
    private final Map<String, Map<Integer, byte[]>> workspaceKeys = new ConcurrentHashMap<>();
    /** Unwrapped data keys by "secret/keyId". */
    private final Map<String, byte[]> dataKeys = lru();
    /** The key each secret encrypts with now, and how much of its reservation is used. */
    private final Map<String, Budget> budgets = lru();

    public KeyHierarchy(MasterKeys masters, KeyVault vault, SecureRandom random) {
        this(masters, vault, random, DEFAULT_MAX_ENCRYPTIONS);
    }

    public KeyHierarchy(MasterKeys masters, KeyVault vault, SecureRandom random, long maxEncryptionsPerKey) {
        if (maxEncryptionsPerKey < 1) {
            throw new IllegalArgumentException("A data key must be allowed at least one encryption");
        }
        this.masters = masters;
        this.vault = vault;
        this.random = random;
        this.maxEncryptionsPerKey = maxEncryptionsPerKey;
        this.reservationBlock = Math.max(1, Math.min(1_024, maxEncryptionsPerKey / 64));
        for (int i = 0; i < secretLocks.length; i++) {
            secretLocks[i] = new Object();
        }
    }

    /** What a rotation did: the key versions (or master key ids) before and after, and how many keys it rewrapped. */
    public record Rotation(String from, String to, int rewrapped) {
    }

    /** The current key of a secret in this process: encryptions made with it and encryptions reserved for it. */
    private static final class Budget {
        final int version;
        final byte[] key;
        long used;
        final long reserved;

        Budget(int version, byte[] key, long used, long reserved) {
            this.version = version;
            this.key = key;
            this.used = used;
            this.reserved = reserved;
        }
    }

    @Override
    public DataKey forEncryption(String workspaceId, String secretId) {
        synchronized (lockOf(secretId)) {
            Budget budget = budgets.get(secretId);
            if (budget == null || budget.used >= budget.reserved) {
                budget = locked(rotation.readLock(), () -> reserve(workspaceId, secretId));
                budgets.put(secretId, budget);
            }
            budget.used++;
            return new DataKey(keyId(budget.version), budget.key);
        }
    }

    @Override
    public byte[] forDecryption(String workspaceId, String secretId, String keyId) {
        Matcher id = DATA_KEY_ID.matcher(keyId == null ? "" : keyId);
        if (!id.matches()) {
            throw new Unavailable("the value names no data key of this secret");
        }
        byte[] cached = dataKeys.get(secretId + "/" + keyId);
        if (cached != null) {
            return cached;
        }
        DataKeyEntry entry = vault.dataKey(secretId)
                .orElseThrow(() -> new Unavailable("the secret has no data key"));
        return unwrapDataKey(workspaceId, entry, Integer.parseInt(id.group(1)));
    }

    /**
     * A new reservation for the secret's current key, or a new key version once the current one would pass its
     * limit. Whatever the vault has reserved counts as used: this process's own reservations when it used them
     * up, and after a restart or on another instance everything reserved before.
     */
    private Budget reserve(String workspaceId, String secretId) {
        while (true) {
            DataKeyEntry entry = vault.dataKey(secretId).orElse(null);
            if (entry == null) {
                Budget created = createDataKey(workspaceId, secretId);
                if (created != null) {
                    return created;
                }
                continue;
            }
            if (entry.destroyed()) {
                throw new Unavailable("the secret's data key was destroyed when it was permanently deleted");
            }
            long used = entry.reserved();
            if (used + 1 > maxEncryptionsPerKey) {
                int version = entry.keys().keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
                byte[] workspaceKey = workspaceKey(workspaceId, entry.workspaceKeyVersion(), null);
                byte[] fresh = newKey();
                Map<Integer, WrappedKey> keys = new HashMap<>(entry.keys());
                keys.put(version, wrapDataKey(workspaceId, secretId, entry.workspaceKeyVersion(), version, workspaceKey,
                        fresh));
                long reserved = Math.min(reservationBlock, maxEncryptionsPerKey);
                if (!vault.replaceDataKey(entry, new DataKeyEntry(secretId, workspaceId, entry.workspaceKeyVersion(),
                        version, keys, reserved, null))) {
                    continue;
                }
                dataKeys.put(secretId + "/" + keyId(version), fresh);
                log.info("The data key of secret {} reached {} encryptions; {} encrypts from now on", secretId, used,
                        keyId(version));
                return new Budget(version, fresh, 0, reserved);
            }
            long reserved = Math.min(maxEncryptionsPerKey, used + reservationBlock);
            if (vault.replaceDataKey(entry, entry.reserving(reserved))) {
                return new Budget(entry.current(), unwrapDataKey(workspaceId, entry, entry.current()), used, reserved);
            }
        }
    }

    private Object lockOf(String secretId) {
        return secretLocks[Math.floorMod(secretId.hashCode(), secretLocks.length)];
    }

    private static String keyId(int version) {
        return "dk" + version;
    }

    private static <V> Map<String, V> lru() {
        return Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > CACHED_DATA_KEYS;
            }
        });
    }

    /** Crypto-shredding: the secret's data key is replaced by a tombstone; nothing it encrypted can be read again. */
    public void destroyDataKey(String workspaceId, String secretId, Instant at) {
        synchronized (lockOf(secretId)) {
            forget(secretId);
            DataKeyEntry tombstone = DataKeyEntry.tombstone(secretId, workspaceId, at);
            while (true) {
                DataKeyEntry entry = vault.dataKey(secretId).orElse(null);
                if (entry == null ? vault.addDataKey(tombstone)
                        : entry.destroyed() || vault.replaceDataKey(entry, tombstone)) {
                    break;
                }
            }
            // Again: a decryption that read the entry before the tombstone may have cached the key meanwhile.
            forget(secretId);
        }
    }

    private void forget(String secretId) {
        budgets.remove(secretId);
        synchronized (dataKeys) {
            dataKeys.keySet().removeIf(id -> id.startsWith(secretId + "/"));
        }
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
                if (rewrap(workspaceId, secretId, version, fresh)) {
                    rewrapped++;
                }
            }
            vault.replaceWorkspaceKeys(new WorkspaceKeys(workspaceId, version, Map.of(version, versions.get(version))));
            workspaceKeys.put(workspaceId, new ConcurrentHashMap<>(Map.of(version, fresh)));
            return new Rotation(Integer.toString(keys.current()), Integer.toString(version), rewrapped);
        });
    }

    /**
     * The secret's data key versions wrapped under the workspace key {@code version}, unless the entry is gone,
     * destroyed or wrapped under it already; read again and redone whenever another writer changed it meanwhile.
     */
    private boolean rewrap(String workspaceId, String secretId, int version, byte[] workspaceKey) {
        while (true) {
            DataKeyEntry entry = vault.dataKey(secretId).orElse(null);
            if (entry == null || entry.destroyed() || entry.workspaceKeyVersion() == version) {
                return false;
            }
            Map<Integer, WrappedKey> rewrappedKeys = new HashMap<>();
            for (int keyVersion : entry.keys().keySet()) {
                rewrappedKeys.put(keyVersion, wrapDataKey(workspaceId, secretId, version, keyVersion, workspaceKey,
                        unwrapDataKey(workspaceId, entry, keyVersion)));
            }
            if (vault.replaceDataKey(entry, new DataKeyEntry(secretId, workspaceId, version, entry.current(),
                    rewrappedKeys, entry.reserved(), null))) {
                return true;
            }
        }
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

    /** The secret's first data key, or null if another writer stored one first. */
    private Budget createDataKey(String workspaceId, String secretId) {
        WorkspaceKeys keys = vault.workspaceKeys(workspaceId).orElseGet(() -> createWorkspaceKeys(workspaceId));
        byte[] workspaceKey = workspaceKey(workspaceId, keys.current(), keys);
        byte[] dataKey = newKey();
        long reserved = Math.min(reservationBlock, maxEncryptionsPerKey);
        DataKeyEntry entry = new DataKeyEntry(secretId, workspaceId, keys.current(), 1,
                Map.of(1, wrapDataKey(workspaceId, secretId, keys.current(), 1, workspaceKey, dataKey)), reserved, null);
        if (!vault.addDataKey(entry)) {
            return null;
        }
        dataKeys.put(secretId + "/" + keyId(1), dataKey);
        // Another instance may have begun a workspace key rotation after the read above and listed the secrets to
        // rewrap before this entry existed; it would then retire the version this one is wrapped under.
        int now = vault.workspaceKeys(workspaceId).map(WorkspaceKeys::current).orElse(keys.current());
        if (now != keys.current()) {
            rewrap(workspaceId, secretId, now, workspaceKey(workspaceId, now, null));
        }
        return new Budget(1, dataKey, 0, reserved);
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

    private byte[] unwrapDataKey(String workspaceId, DataKeyEntry entry, int version) {
        if (entry.destroyed()) {
            throw new Unavailable("the secret's data key was destroyed when it was permanently deleted");
        }
        if (!entry.workspaceId().equals(workspaceId)) {
            throw new Unavailable("the data key belongs to another workspace");
        }
        WrappedKey wrapped = entry.keys().get(version);
        if (wrapped == null) {
            throw new Unavailable("the secret has no data key " + keyId(version));
        }
        byte[] workspaceKey = workspaceKey(workspaceId, entry.workspaceKeyVersion(), null);
        byte[] dataKey = Aead.open(workspaceKey, wrapped.nonce(),
                dataKeyContext(workspaceId, entry.secretId(), entry.workspaceKeyVersion(), version), wrapped.wrapped(),
                "data key");
        dataKeys.put(entry.secretId() + "/" + keyId(version), dataKey);
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

    private WrappedKey wrapDataKey(String workspaceId, String secretId, int workspaceVersion, int version,
                                   byte[] workspaceKey, byte[] key) {
        byte[] nonce = nonce();
        return new WrappedKey("workspace-key-" + workspaceVersion, nonce,
                Aead.seal(workspaceKey, nonce, dataKeyContext(workspaceId, secretId, workspaceVersion, version), key));
    }

    private static byte[] workspaceKeyContext(String workspaceId, int version) {
        return Aead.context("secretledger/workspace-key/v1", workspaceId, Integer.toString(version));
    }

    /** The first version keeps the place it was wrapped for before keys had versions. */
    private static byte[] dataKeyContext(String workspaceId, String secretId, int workspaceVersion, int version) {
        return version == 1
                ? Aead.context("secretledger/data-key/v1", workspaceId, secretId, Integer.toString(workspaceVersion))
                : Aead.context("secretledger/data-key/v1", workspaceId, secretId, Integer.toString(workspaceVersion),
                        keyId(version));
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

    /** Copies of the "secret/keyId" of every cached key, for tests that check a destroyed key is gone from memory. */
    List<String> cachedDataKeys() {
        synchronized (dataKeys) {
            return List.copyOf(dataKeys.keySet());
        }
    }
}
