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
 * The key vault of the default profile, under {@code <data-dir>/keys/vault}: one small file per workspace, and the
 * secrets' data keys packed into 1,024 bucket files ({@code data/<3 hex digits>.keys}, chosen by a SHA-256 of the
 * secret's id), since one file per secret took a 4 KiB block of the disk for some 300 bytes each (issue 18). A
 * bucket is rewritten whole on every change: written to a temporary file and synced, moved into place, and once the
 * move is on the disk (the event store's next synced checkpoint, before the events that use the key;
 * {@link FilesSyncedWithEvents}) the copy it replaced is overwritten with random bytes and synced, so neither a
 * destroyed data key nor an earlier copy of any wrapped key lingers in the free space of the disk (the embedded
 * document store keeps old pages; ADR 0012). A SIGKILL between two checkpoints can leave the copies replaced since
 * the last one unlinked but not overwritten. Readers of a bucket, the operators' backup among them
 * ({@link #readBucketFile}), hold its lock, so none reads a copy being overwritten. Workspace files are synced with
 * the events too. Entries of the earlier layout, one {@code data/<2 characters>/<id>.json} per secret, are
 * moved into their buckets when the vault opens.
 */
@Component
@Profile("!axonserver")
public class FileKeyVault implements KeyVault {

    private static final java.util.regex.Pattern PLAIN_ID = java.util.regex.Pattern.compile("[A-Za-z0-9-]+");
    /**
     * Few enough that a small vault does not spread over thousands of mostly empty blocks (5,000 secrets in 4,096
     * buckets took 8 times their bytes), many enough that a bucket is some 15 KB at 50,000 secrets.
     */
    static final int BUCKETS = 1024;
    private static final String BUCKET_SUFFIX = ".keys";
    /** Replaced copies held open until the next synced checkpoint, at most. */
    private static final int MAX_WAITING_COPIES = 256;

    private final Path workspaces;
    private final Path dataKeys;
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final FilesSyncedWithEvents synced;
    /** Without an event store to sync with, each bucket write syncs its directory itself. */
    private final boolean syncsItself;
    private final Object[] bucketLocks = new Object[BUCKETS];

    @Autowired
    FileKeyVault(SecretLedgerProperties properties, FilesSyncedWithEvents synced) {
        this(properties.dataDir().resolve("keys").resolve("vault"), synced);
    }

    /**
     * The vault under {@code root}, as the operators' tools open a copy of it (a backup being restored): with no
     * event store beside it, every write is on the disk when it returns.
     */
    public FileKeyVault(Path root) {
        this(root, null);
    }

    FileKeyVault(Path root, FilesSyncedWithEvents synced) {
        this.synced = synced == null ? new FilesSyncedWithEvents() : synced;
        this.syncsItself = synced == null;
        this.workspaces = root.resolve("workspaces");
        this.dataKeys = root.resolve("data");
        for (int i = 0; i < BUCKETS; i++) {
            bucketLocks[i] = new Object();
        }
        try {
            Files.createDirectories(workspaces);
            Files.createDirectories(dataKeys);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the key vault under " + root, e);
        }
        moveEntriesOfTheEarlierLayout();
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
        int bucket = bucketOf(secretId);
        synchronized (bucketLocks[bucket]) {
            return Optional.ofNullable(readBucket(bucket).get(secretId)).map(FileKeyVault::dataKey);
        }
    }

    @Override
    public boolean addDataKey(DataKeyEntry entry) {
        int bucket = bucketOf(entry.secretId());
        synchronized (bucketLocks[bucket]) {
            Map<String, Map<String, Object>> entries = readBucket(bucket);
            if (entries.containsKey(entry.secretId())) {
                return false;
            }
            entries.put(entry.secretId(), document(entry));
            writeBucket(bucket, entries);
            return true;
        }
    }

    /** Compared and replaced under the bucket's lock: the file vault serves one process (the default profile). */
    @Override
    public boolean replaceDataKey(DataKeyEntry expected, DataKeyEntry replacement) {
        int bucket = bucketOf(replacement.secretId());
        synchronized (bucketLocks[bucket]) {
            Map<String, Map<String, Object>> entries = readBucket(bucket);
            Map<String, Object> stored = entries.get(replacement.secretId());
            if (stored == null || !dataKey(stored).sameState(expected)) {
                return false;
            }
            entries.put(replacement.secretId(), document(replacement));
            writeBucket(bucket, entries);
            return true;
        }
    }

    @Override
    public List<String> dataKeysOf(String workspaceId) {
        List<String> ids = new ArrayList<>();
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            synchronized (bucketLocks[bucket]) {
                readBucket(bucket).values().stream().filter(document -> workspaceId.equals(document.get("workspaceId")))
                        .forEach(document -> ids.add((String) document.get("secretId")));
            }
        }
        return ids;
    }

    /**
     * Reads a file of the vault as it stands, under its bucket's lock when it is a bucket: how the operators' backup
     * copies the vault while the service writes it, without reading a replaced copy being overwritten.
     */
    public <T> T readBucketFile(Path file, IoFunction<java.io.InputStream, T> reader) throws IOException {
        Integer bucket = bucketOfFile(file);
        if (bucket == null) {
            try (java.io.InputStream in = Files.newInputStream(file)) {
                return reader.apply(in);
            }
        }
        synchronized (bucketLocks[bucket]) {
            try (java.io.InputStream in = Files.newInputStream(file)) {
                return reader.apply(in);
            }
        }
    }

    /** What {@link #readBucketFile} does with the file it opened. */
    @FunctionalInterface
    public interface IoFunction<A, R> {
        R apply(A argument) throws IOException;
    }

    private static int bucketOf(String secretId) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(secretId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return ((hash[0] & 0xff) << 4 | (hash[1] & 0xff) >> 4) % BUCKETS;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private Path bucketFile(int bucket) {
        return dataKeys.resolve(String.format(java.util.Locale.ROOT, "%03x", bucket) + BUCKET_SUFFIX);
    }

    private Integer bucketOfFile(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(BUCKET_SUFFIX)
                || !file.toAbsolutePath().normalize().getParent().equals(dataKeys.toAbsolutePath().normalize())) {
            return null;
        }
        try {
            int bucket = Integer.parseInt(name.substring(0, name.length() - BUCKET_SUFFIX.length()), 16);
            return bucket >= 0 && bucket < BUCKETS ? bucket : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The bucket's entries by secret id, in the order written; none when it has no file yet. */
    private Map<String, Map<String, Object>> readBucket(int bucket) {
        Path file = bucketFile(bucket);
        Map<String, Map<String, Object>> entries = new java.util.LinkedHashMap<>();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read key vault bucket " + file.getFileName(), e);
        }
        try {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> documents = (List<Map<String, Object>>) json.readValue(bytes, Map.class)
                    .get("entries");
            documents.forEach(document -> entries.put((String) document.get("secretId"), document));
            return entries;
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException("Key vault bucket " + file.getFileName() + " does not read as one",
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    /**
     * The bucket rewritten whole: its new copy synced, then moved into place. The move reaches the disk with the
     * event store's next synced checkpoint (before the events that use the key), or at once when the vault syncs
     * itself, and only then is the copy it replaced overwritten. A full disk fails the write of the temporary file,
     * and the bucket stays as it was.
     */
    private void writeBucket(int bucket, Map<String, Map<String, Object>> entries) {
        Path file = bucketFile(bucket);
        Path temp = null;
        try {
            byte[] bytes = json.writeValueAsBytes(Map.of("entries", new ArrayList<>(entries.values())));
            temp = Files.createTempFile(dataKeys, ".bucket", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            FileChannel replaced = null;
            try {
                replaced = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (NoSuchFileException first) {
                // the bucket's first entry
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                temp = null;
            } catch (IOException e) {
                if (replaced != null) {
                    replaced.close();
                }
                throw e;
            }
            if (syncsItself) {
                forceDirectory(dataKeys);
                overwriteAndClose(replaced);
            } else {
                FileChannel copy = replaced;
                synced.written(file, () -> overwriteAndClose(copy));
                // Bounded: without synced checkpoints (secretledger.event-store.sync=false) the vault syncs itself.
                if (synced.waitingActions() >= MAX_WAITING_COPIES) {
                    synced.sync();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store key vault bucket " + file.getFileName(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a full disk's temporary file; the next write of the bucket makes another
                }
            }
        }
    }

    /** Random bytes over the replaced copy of a bucket, synced, and the file closed (its blocks then freed). */
    private void overwriteAndClose(FileChannel replaced) {
        if (replaced == null) {
            return;
        }
        try (replaced) {
            overwrite(replaced);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot overwrite a replaced key vault bucket", e);
        }
    }

    private static void forceDirectoryOrFail(Path directory) {
        try {
            forceDirectory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot sync the key vault's directory", e);
        }
    }

    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Random bytes over a file's whole length, synced, so its blocks no longer hold what it held. */
    private void overwrite(FileChannel channel) throws IOException {
        byte[] noise = new byte[(int) channel.size()];
        random.nextBytes(noise);
        ByteBuffer buffer = ByteBuffer.wrap(noise);
        long position = 0;
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        channel.force(true);
    }

    /**
     * Moves the entries of the earlier layout (one file per secret) into their buckets, each bucket durable before
     * the files it took in are overwritten and deleted. An entry its bucket already holds was moved by an earlier
     * open that stopped halfway, and only its file is removed.
     */
    private void moveEntriesOfTheEarlierLayout() {
        List<Path> earlier;
        try (Stream<Path> files = Files.walk(dataKeys, 2)) {
            earlier = files.filter(Files::isRegularFile).filter(file -> !file.getParent().equals(dataKeys))
                    .filter(file -> file.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the key vault", e);
        }
        Map<Integer, List<Path>> byBucket = new java.util.TreeMap<>();
        for (Path file : earlier) {
            byBucket.computeIfAbsent(bucketOf(idOf(file)), bucket -> new ArrayList<>()).add(file);
        }
        byBucket.forEach((bucket, files) -> {
            synchronized (bucketLocks[bucket]) {
                Map<String, Map<String, Object>> entries = readBucket(bucket);
                boolean added = false;
                for (Path file : files) {
                    if (!entries.containsKey(idOf(file))) {
                        Map<String, Object> document = read(file).orElseThrow();
                        entries.put((String) document.get("secretId"), document);
                        added = true;
                    }
                }
                if (added) {
                    writeBucket(bucket, entries);
                    forceDirectoryOrFail(dataKeys);
                }
                for (Path file : files) {
                    overwriteInPlace(file);
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        throw new UncheckedIOException("Cannot remove key vault entry " + file.getFileName(), e);
                    }
                }
            }
        });
        try (Stream<Path> directories = Files.list(dataKeys)) {
            for (Path directory : directories.filter(Files::isDirectory).toList()) {
                try (Stream<Path> left = Files.list(directory)) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(directory);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot tidy the key vault", e);
        }
    }

    /** The secret id an entry file of the earlier layout is named after. */
    private static String idOf(Path file) {
        String name = file.getFileName().toString();
        String safe = name.substring(0, name.length() - ".json".length());
        return safe.startsWith("b64-")
                ? new String(Base64.getUrlDecoder().decode(safe.substring(4)), java.nio.charset.StandardCharsets.UTF_8)
                : safe;
    }

    private Path workspaceFile(String workspaceId) {
        return workspaces.resolve(safe(workspaceId) + ".json");
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
