package io.secretledger.command.crypto;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where wrapped keys live: outside the event store, so that a key can be destroyed while the events that
 * used it stay. Every read and write is by one key's id; a write replaces the whole entry.
 */
public interface KeyVault {

    Optional<WorkspaceKeys> workspaceKeys(String workspaceId);

    /** Stores a workspace's first keys; false if another writer stored them first. */
    boolean addWorkspaceKeys(WorkspaceKeys keys);

    void replaceWorkspaceKeys(WorkspaceKeys keys);

    /** Every workspace (and internal purpose) that has keys, for a master key rotation. */
    List<String> workspaceIds();

    Optional<DataKeyEntry> dataKey(String secretId);

    /** Stores a secret's data key; false if another writer stored one first. */
    boolean addDataKey(DataKeyEntry entry);

    /**
     * Replaces the secret's entry if it is still as {@code expected} was read ({@link DataKeyEntry#sameState}): false
     * if another writer (another instance's reservation, a workspace key rotation, a destruction) changed it since,
     * so the caller reads it again and decides again. Nothing a writer replaces is lost this way.
     */
    boolean replaceDataKey(DataKeyEntry expected, DataKeyEntry replacement);

    /** The secrets of a workspace that have a data key entry (destroyed ones included), for a rotation. */
    List<String> dataKeysOf(String workspaceId);

    /** A key encrypted (AES-256-GCM) under the key named by {@code wrappingKeyId}. */
    record WrappedKey(String wrappingKeyId, byte[] nonce, byte[] wrapped) {
        @Override
        public String toString() {
            return "WrappedKey[under " + wrappingKeyId + "]";
        }
    }

    /** A workspace's key versions, each wrapped by a master key; {@code current} wraps new data keys. */
    record WorkspaceKeys(String workspaceId, int current, Map<Integer, WrappedKey> versions) {
        public WorkspaceKeys {
            versions = Map.copyOf(versions);
        }
    }

    /**
     * A secret's data key versions, all wrapped by one workspace key version; {@code current} encrypts new values,
     * and {@code reserved} bounds the encryptions it may have made (counted ahead, so a crash never undercounts).
     * Only a tombstone once destroyed.
     */
    record DataKeyEntry(String secretId, String workspaceId, int workspaceKeyVersion, int current,
                        Map<Integer, WrappedKey> keys, long reserved, Instant destroyedAt) {
        public DataKeyEntry {
            keys = keys == null ? Map.of() : Map.copyOf(keys);
        }

        public static DataKeyEntry tombstone(String secretId, String workspaceId, Instant at) {
            return new DataKeyEntry(secretId, workspaceId, 0, 0, Map.of(), 0, at);
        }

        public boolean destroyed() {
            return destroyedAt != null;
        }

        /**
         * Whether both are the same state of the entry. Every change of an entry changes one of these (a reservation
         * raises {@code reserved}, a new key version raises {@code current}, a rewrap raises the workspace key
         * version, a destruction ends it) and none goes back, so an entry read before a change never matches after it.
         */
        public boolean sameState(DataKeyEntry other) {
            return other != null && workspaceKeyVersion == other.workspaceKeyVersion && current == other.current
                    && reserved == other.reserved && destroyed() == other.destroyed();
        }

        public DataKeyEntry reserving(long upTo) {
            return new DataKeyEntry(secretId, workspaceId, workspaceKeyVersion, current, keys, upTo, destroyedAt);
        }
    }
}
