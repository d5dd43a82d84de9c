package io.secretledger.infra.backup;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import io.secretledger.command.crypto.KeyHierarchy;
import io.secretledger.command.crypto.MasterKeys;
import io.secretledger.infra.SecretLedgerProperties;
import io.secretledger.infra.embedded.EventStoreCopies;
import io.secretledger.infra.embedded.ProjectionStoreCopies;
import io.secretledger.infra.key.FileKeyVault;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A consistent backup of the running service's data directory, streamed as a zip ({@link BackupFormat}), while
 * requests go on. The order makes the copy consistent:
 * <ol>
 *   <li>the projection store, as it stood between two commands: tokens and documents from one instant;</li>
 *   <li>then the event store (H2's online {@code BACKUP}, with its chunk moves paused), which holds every event
 *   those tokens stand for and perhaps more, which the restored processors then catch up on;</li>
 *   <li>then the name claims once more, merged into the copy: a secret created while the copy was made has its
 *   event in the backup, and its claim (taken before the event) is now there too;</li>
 *   <li>then the key vault and the files, each written before the events that use it.</li>
 * </ol>
 * One backup runs at a time; its staging files lie in {@code <data-dir>/.backup} and are removed afterwards.
 */
@Component
@Profile("!axonserver")
public class Backups {

    private static final Logger log = LoggerFactory.getLogger(Backups.class);
    /** MongoSecretNames' collection: claims are not replayed from events, so they are merged, not left behind. */
    static final String NAME_CLAIMS = "secret-names";

    private final Path dataDir;
    private final ProjectionStoreCopies projections;
    private final EventStoreCopies events;
    private final MongoTemplate mongo;
    private final KeyHierarchy keys;
    private final FileKeyVault vault;
    private final MasterKeys masters;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final AtomicBoolean running = new AtomicBoolean();

    Backups(SecretLedgerProperties properties, ProjectionStoreCopies projections, EventStoreCopies events,
            MongoTemplate mongo, KeyHierarchy keys, FileKeyVault vault, MasterKeys masters) {
        this.dataDir = properties.dataDir();
        this.projections = projections;
        this.events = events;
        this.mongo = mongo;
        this.keys = keys;
        this.vault = vault;
        this.masters = masters;
        this.clock = Clock.systemUTC();
    }

    /** Refused while another backup runs. */
    public static final class AlreadyRunning extends RuntimeException {
        AlreadyRunning() {
            super("Another backup of this service is being made; wait for it to finish");
        }
    }

    /** Claims the right to make the one backup that runs; {@link #release()} gives it back, from any thread. */
    public void acquire() {
        if (!running.compareAndSet(false, true)) {
            throw new AlreadyRunning();
        }
    }

    public void release() {
        running.set(false);
    }

    /** Writes the whole backup to {@code out}, which it finishes but does not close; the caller holds the lock. */
    public void writeTo(OutputStream out) throws IOException {
        long started = System.nanoTime();
        Path staging = dataDir.resolve(".backup");
        deleteTree(staging);
        Files.createDirectories(staging);
        try {
            // Made before the vault is copied, so the copy holds the key that seals the signing key.
            byte[] sealing = keys.purposeKey(BackupFormat.PURPOSE);
            String masterKeyId = masters.currentId();
            projections.copyTo(staging.resolve(BackupFormat.PROJECTIONS));
            Path eventsZip = staging.resolve("events.zip");
            events.copyTo(eventsZip);
            mergeNameClaims(staging);

            Map<String, BackupFormat.Entry> entries = new LinkedHashMap<>();
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.setLevel(Deflater.BEST_SPEED);
            try (ZipInputStream eventStore = new ZipInputStream(Files.newInputStream(eventsZip))) {
                ZipEntry entry;
                while ((entry = eventStore.getNextEntry()) != null) {
                    if (entry.getName().endsWith(".mv.db")) {
                        entries.put(BackupFormat.EVENTS, put(zip, BackupFormat.EVENTS, eventStore));
                    }
                }
            }
            if (!entries.containsKey(BackupFormat.EVENTS)) {
                throw new IllegalStateException("The event store's backup held no database file");
            }
            putFile(zip, entries, BackupFormat.PROJECTIONS, staging.resolve(BackupFormat.PROJECTIONS));
            putTree(zip, entries, BackupFormat.VAULT);
            putTree(zip, entries, BackupFormat.FILES);
            putFile(zip, entries, BackupFormat.DEMO_MARKER, dataDir.resolve(BackupFormat.DEMO_MARKER));
            Path tokenKey = dataDir.resolve(BackupFormat.TOKEN_KEY);
            if (Files.exists(tokenKey)) {
                byte[] sealed = BackupFormat.sealTokenKey(sealing, Files.readAllBytes(tokenKey), random);
                zip.putNextEntry(new ZipEntry(BackupFormat.SEALED_TOKEN_KEY));
                zip.write(sealed);
                zip.closeEntry();
                entries.put(BackupFormat.SEALED_TOKEN_KEY, BackupFormat.of(sealed));
            }
            BackupFormat.Manifest manifest = new BackupFormat.Manifest(BackupFormat.VERSION, clock.instant(),
                    masterKeyId, entries);
            zip.putNextEntry(new ZipEntry(BackupFormat.MANIFEST));
            zip.write(BackupFormat.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            zip.closeEntry();
            zip.finish();
            zip.flush();
            log.info("Backup made: {} entries in {} ms", entries.size() + 1, (System.nanoTime() - started) / 1_000_000);
        } finally {
            deleteTree(staging);
        }
    }

    /** The live claims, added to the copy's where it has none for that name: the copy's own come first. */
    private void mergeNameClaims(Path staging) {
        List<Document> claims = mongo.getCollection(NAME_CLAIMS).find().into(new ArrayList<>());
        MongoServer server = ProjectionStoreCopies.serve(staging);
        InetSocketAddress address = server.getLocalAddress();
        try (MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":"
                + address.getPort())) {
            MongoCollection<Document> copy = client.getDatabase(mongo.getDb().getName()).getCollection(NAME_CLAIMS);
            for (Document claim : claims) {
                try {
                    copy.insertOne(claim);
                } catch (MongoWriteException e) {
                    if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                        throw e;
                    }
                }
            }
        } finally {
            server.shutdownNow();
        }
    }

    private void putTree(ZipOutputStream zip, Map<String, BackupFormat.Entry> entries, String tree) throws IOException {
        Path root = dataDir.resolve(tree);
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().endsWith(".tmp"))
                    .sorted().toList();
        }
        for (Path file : files) {
            String name = dataDir.relativize(file).toString().replace('\\', '/');
            if (tree.equals(BackupFormat.VAULT)) {
                try {
                    // under the bucket's lock, so the copy is never one the vault is overwriting
                    vault.readBucketFile(file, in -> entries.put(name, put(zip, name, in)));
                } catch (java.nio.file.NoSuchFileException gone) {
                    // a replaced file's temporary name
                }
            } else {
                putFile(zip, entries, name, file);
            }
        }
    }

    /** A file that is gone by the time it is read (a replaced file's temporary name) is skipped. */
    private static void putFile(ZipOutputStream zip, Map<String, BackupFormat.Entry> entries, String name, Path file)
            throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (java.nio.file.NoSuchFileException gone) {
            return;
        }
        try (in) {
            entries.put(name, put(zip, name, in));
        }
    }

    private static BackupFormat.Entry put(ZipOutputStream zip, String name, InputStream in) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        BackupFormat.Entry entry = BackupFormat.copy(in, new java.io.FilterOutputStream(zip) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() {
                // the zip stays open for the next entry
            }
        });
        zip.closeEntry();
        return entry;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
