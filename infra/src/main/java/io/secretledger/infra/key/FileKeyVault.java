package io.secretledger.infra.key;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretledger.command.crypto.KeyVault;
import io.secretledger.infra.embedded.FilesSyncedWithEvents;
import io.secretledger.infra.SecretLedgerProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The key vault of the default profile: one small file per workspace and per secret under
 * {@code <data-dir>/keys/vault}, written to a temporary file and moved into place. Destroying a data key
 * overwrites its file in place with random bytes and syncs it before the tombstone replaces it, so the wrapped
 * key does not linger in free space of a database file (the embedded document store keeps old pages; ADR 0012).
 * Every file written is forced to the disk by the event store's next synced checkpoint, before the events that
 * use its key ({@link FilesSyncedWithEvents}).
 */
@Component
@Profile("!axonserver")
public class FileKeyVault implements KeyVault {

    private static final java.util.regex.Pattern PLAIN_ID = java.util.regex.Pattern.compile("[A-Za-z0-9-]+");

    private final Path workspaces;
    private final Path dataKeys;
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final FilesSyncedWithEvents synced;

    @Autowired
    FileKeyVault(SecretLedgerProperties properties, FilesSyncedWithEvents synced) {
        this(properties.dataDir().resolve("keys").resolve("vault"), synced);
    }

    /** The vault under {@code root}, as the operators' tools open a copy of it (a backup being restored). */
    public FileKeyVault(Path root) {
        this(root, new FilesSyncedWithEvents());
    }

    FileKeyVault(Path root, FilesSyncedWithEvents synced) {
        this.synced = synced;
        this.workspaces = root.resolve("workspaces");
        this.dataKeys = root.resolve("data");
        try {
            Files.createDirectories(workspaces);
            Files.createDirectories(dataKeys);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the key vault under " + root, e);
        }
    }

    @Override
    public Optional<WorkspaceKeys> workspaceKeys(String workspaceId) {
        return read(workspaceFile(workspaceId)).map(FileKeyVault::workspaceKeys);
    }

    @Override
    public boolean addWorkspaceKeys(WorkspaceKeys keys) {
        return create(workspaceFile(keys.workspaceId()), document(keys));
    }

    @Override
    public void replaceWorkspaceKeys(WorkspaceKeys keys) {
        replace(workspaceFile(keys.workspaceId()), document(keys));
    }

    @Override
    public List<String> workspaceIds() {
        return list(workspaces).stream().map(file -> (String) read(file).orElseThrow().get("workspaceId")).toList();
    }

    @Override
    public Optional<DataKeyEntry> dataKey(String secretId) {
        return read(dataFile(secretId)).map(FileKeyVault::dataKey);
    }

    @Override
    public boolean addDataKey(DataKeyEntry entry) {
        return create(dataFile(entry.secretId()), document(entry));
    }

    /** Compared and replaced under one lock: the file vault serves one process (the default profile). */
    @Override
    public synchronized boolean replaceDataKey(DataKeyEntry expected, DataKeyEntry replacement) {
        Path file = dataFile(replacement.secretId());
        if (!dataKey(replacement.secretId()).map(stored -> stored.sameState(expected)).orElse(false)) {
            return false;
        }
        if (replacement.destroyed()) {
            overwriteInPlace(file);
        }
        replace(file, document(replacement));
        return true;
    }

    @Override
    public List<String> dataKeysOf(String workspaceId) {
        List<String> ids = new ArrayList<>();
        for (Path file : list(dataKeys)) {
            read(file).filter(document -> workspaceId.equals(document.get("workspaceId")))
                    .ifPresent(document -> ids.add((String) document.get("secretId")));
        }
        return ids;
    }

    private Path workspaceFile(String workspaceId) {
        return workspaces.resolve(safe(workspaceId) + ".json");
    }

    private Path dataFile(String secretId) {
        String name = safe(secretId);
        return dataKeys.resolve(name.length() < 2 ? "_" : name.substring(0, 2)).resolve(name + ".json");
    }

    /** Ids are UUIDs or workspace-chosen ids; anything but letters, digits and dashes is encoded. */
    private static String safe(String id) {
        return PLAIN_ID.matcher(id).matches() ? id
                : "b64-" + Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private Optional<Map<String, Object>> read(Path file) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> document = json.readValue(Files.readAllBytes(file), Map.class);
            return Optional.of(document);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read key vault entry " + file.getFileName(), e);
        }
    }

    private boolean create(Path file, Map<String, Object> document) {
        try {
            Path temp = write(file, document);
            try {
                Files.createLink(file, temp);
                synced.written(file);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store key vault entry " + file.getFileName(), e);
        }
    }

    private void replace(Path file, Map<String, Object> document) {
        try {
            Path temp = write(file, document);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            synced.written(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store key vault entry " + file.getFileName(), e);
        }
    }

    private Path write(Path file, Map<String, Object> document) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), ".entry", ".tmp");
        try {
            Files.write(temp, json.writeValueAsBytes(document));
        } catch (IOException e) {
            // A full disk: no half-written entry is left behind.
            Files.deleteIfExists(temp);
            throw e;
        }
        return temp;
    }

    /** Random bytes over the old entry, synced, so the unlinked blocks no longer hold the wrapped key. */
    private void overwriteInPlace(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            byte[] noise = new byte[(int) channel.size()];
            random.nextBytes(noise);
            channel.write(ByteBuffer.wrap(noise), 0);
            channel.force(true);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot overwrite key vault entry " + file.getFileName(), e);
        }
    }

    private static List<Path> list(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).filter(file -> file.getFileName().toString().endsWith(".json"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the key vault", e);
        }
    }

    private static Map<String, Object> document(WorkspaceKeys keys) {
        List<Map<String, Object>> versions = new ArrayList<>();
        keys.versions().forEach((version, wrapped) -> {
            Map<String, Object> entry = wrapped(wrapped);
            entry.put("version", version);
            versions.add(entry);
        });
        Map<String, Object> document = new HashMap<>();
        document.put("workspaceId", keys.workspaceId());
        document.put("current", keys.current());
        document.put("versions", versions);
        return document;
    }

    @SuppressWarnings("unchecked")
    private static WorkspaceKeys workspaceKeys(Map<String, Object> document) {
        Map<Integer, WrappedKey> versions = new HashMap<>();
        for (Map<String, Object> version : (List<Map<String, Object>>) document.get("versions")) {
            versions.put((Integer) version.get("version"), wrapped(version));
        }
        return new WorkspaceKeys((String) document.get("workspaceId"), (Integer) document.get("current"), versions);
    }

    private static Map<String, Object> document(DataKeyEntry entry) {
        Map<String, Object> document = new HashMap<>();
        document.put("secretId", entry.secretId());
        document.put("workspaceId", entry.workspaceId());
        document.put("version", entry.workspaceKeyVersion());
        if (entry.destroyed()) {
            document.put("destroyedAt", entry.destroyedAt().toString());
            return document;
        }
        List<Map<String, Object>> keys = new ArrayList<>();
        entry.keys().forEach((version, wrapped) -> {
            Map<String, Object> key = wrapped(wrapped);
            key.put("version", version);
            keys.add(key);
        });
        document.put("current", entry.current());
        document.put("reserved", entry.reserved());
        document.put("keys", keys);
        return document;
    }

    /** Entries written before data keys had versions hold one {@code key}: version 1, nothing reserved. */
    @SuppressWarnings("unchecked")
    private static DataKeyEntry dataKey(Map<String, Object> document) {
        String secretId = (String) document.get("secretId");
        String workspaceId = (String) document.get("workspaceId");
        Object destroyedAt = document.get("destroyedAt");
        if (destroyedAt != null) {
            return DataKeyEntry.tombstone(secretId, workspaceId, Instant.parse((String) destroyedAt));
        }
        Map<Integer, WrappedKey> keys = new HashMap<>();
        Map<String, Object> single = (Map<String, Object>) document.get("key");
        if (single != null) {
            keys.put(1, wrapped(single));
        } else {
            for (Map<String, Object> key : (List<Map<String, Object>>) document.get("keys")) {
                keys.put((Integer) key.get("version"), wrapped(key));
            }
        }
        Number reserved = (Number) document.getOrDefault("reserved", 0);
        return new DataKeyEntry(secretId, workspaceId, (Integer) document.get("version"),
                (Integer) document.getOrDefault("current", 1), keys, reserved.longValue(), null);
    }

    private static Map<String, Object> wrapped(WrappedKey key) {
        Map<String, Object> document = new HashMap<>();
        document.put("under", key.wrappingKeyId());
        document.put("nonce", Base64.getEncoder().encodeToString(key.nonce()));
        document.put("wrapped", Base64.getEncoder().encodeToString(key.wrapped()));
        return document;
    }

    private static WrappedKey wrapped(Map<String, Object> document) {
        return new WrappedKey((String) document.get("under"), Base64.getDecoder().decode((String) document.get("nonce")),
                Base64.getDecoder().decode((String) document.get("wrapped")));
    }
}
