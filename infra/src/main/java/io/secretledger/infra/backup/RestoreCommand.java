package io.secretledger.infra.backup;

import io.secretledger.command.crypto.ConfiguredMasterKeys;
import io.secretledger.command.crypto.FileMasterKeys;
import io.secretledger.command.crypto.KeyHierarchy;
import io.secretledger.command.crypto.MasterKeys;
import io.secretledger.api.projection.FindProjections;
import io.secretledger.api.projection.ProjectionStatus;
import io.secretledger.infra.SecretLedgerApplication;
import io.secretledger.infra.key.FileKeyVault;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Map;

/**
 * {@code java -jar secretledger-exec.jar restore --from=<backup directory> --data-dir=<empty directory>
 * --master-key-file=<key>} (or the key in {@code SECRETLEDGER_MASTER_KEY}): checks every entry of the backup
 * against its manifest, refuses a master key that does not unwrap its key vault, and writes a data directory the
 * service starts on with that key. Exit status 0 when restored, 2 when refused (nothing is left in the target).
 */
public final class RestoreCommand {

    public static final String COMMAND = "restore";

    private RestoreCommand() {
    }

    /** Why a restore is refused: the message is the whole answer. */
    private static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    public static int run(String[] args, Map<String, String> environment, PrintStream out) {
        Path from = null;
        Path target = Path.of("data");
        Path keyFile = null;
        for (String arg : args) {
            if (arg.startsWith("--from=")) {
                from = Path.of(arg.substring("--from=".length()));
            } else if (arg.startsWith("--data-dir=")) {
                target = Path.of(arg.substring("--data-dir=".length()));
            } else if (arg.startsWith("--master-key-file=")) {
                keyFile = Path.of(arg.substring("--master-key-file=".length()));
            } else if (!arg.equals(COMMAND)) {
                out.println("Unknown argument " + arg + "; use --from=<backup directory>, --data-dir=<empty "
                        + "directory>, --master-key-file=<key> (or SECRETLEDGER_MASTER_KEY)");
                return 2;
            }
        }
        if (from == null) {
            out.println("Name the backup to restore: --from=<backup directory>");
            return 2;
        }
        String refusal = Directories.refuseUnlessEmpty(target, "restore");
        if (refusal != null) {
            out.println(refusal);
            return 2;
        }
        try {
            BackupFormat.Manifest manifest = checked(from);
            MasterKeys masters = masterKeys(keyFile, environment.get("SECRETLEDGER_MASTER_KEY"));
            if (!masters.ids().contains(manifest.masterKeyId())) {
                throw new Refused("This backup's keys are wrapped by master key " + manifest.masterKeyId()
                        + ", but the key given is " + masters.currentId() + ": restore with the master key of the "
                        + "service that made the backup");
            }
            if (masters.rotationPending()) {
                throw new Refused("The master key given is in the middle of a rotation; restore with one key");
            }
            Files.createDirectories(target);
            try {
                restore(from, target, manifest, masters);
                catchUp(target, keyFile);
            } catch (Refused | IOException | RuntimeException e) {
                Directories.empty(target);
                throw e;
            }
            out.println("Restored the backup of " + manifest.createdAt() + " into " + target.toAbsolutePath()
                    + " (" + manifest.entries().size() + " files). Start the service on it with the same master key"
                    + (keyFile == null ? "" : ": SECRETLEDGER_DATA_DIR=" + target + " SECRETLEDGER_MASTER_KEY_FILE="
                    + keyFile + " (or copy the key to " + target.resolve("keys/master.key") + ")") + ".");
            return 0;
        } catch (Refused e) {
            out.println("Restore refused: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            out.println("Restore failed, nothing was left in " + target.toAbsolutePath() + ": " + e.getMessage());
        }
        return 2;
    }

    /**
     * The projections of a backup stand for a prefix of its events (they were copied first): the restored data is
     * started once, on a free loopback port, until every processor has reached the end of the event store, so the
     * directory is whole as it is handed over (verify-audit passes on it) and this master key is known to start it.
     */
    private static void catchUp(Path target, Path keyFile) throws Refused {
        List<String> args = new ArrayList<>(List.of("--secretledger.data-dir=" + target,
                "--secretledger.bootstrap.demo-workspace=false", "--secretledger.mail.dev-mailbox.port=0",
                "--spring.main.banner-mode=off", "--server.port=0", "--server.address=127.0.0.1"));
        if (keyFile != null) {
            args.add("--secretledger.master-key-file=" + keyFile);
        }
        ConfigurableApplicationContext app;
        try {
            app = new SpringApplicationBuilder(SecretLedgerApplication.class).logStartupInfo(false).run(args.toArray(String[]::new));
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new Refused("The restored data does not start: " + cause.getMessage());
        }
        try (app) {
            QueryGateway queries = app.getBean(QueryGateway.class);
            TrackingToken head = app.getBean(EventStore.class).createHeadToken();
            long end = head == null ? -1 : head.position().orElse(-1);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
            while (true) {
                List<ProjectionStatus> statuses = queries.query(new FindProjections(), ProjectionStatus.All.class)
                        .join().projections();
                if (!statuses.isEmpty() && statuses.stream().allMatch(status -> status.running()
                        && !status.replaying() && status.caughtUp() && status.position() != null
                        && status.position() >= end)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The projections did not reach the end of the event store "
                            + "within 30 minutes: " + statuses);
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the projections caught up");
        }
    }

    /** The manifest, once every entry it names is in the backup with its checksum. */
    private static BackupFormat.Manifest checked(Path from) throws IOException, Refused {
        Path manifestFile = from.resolve(BackupFormat.MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new Refused(from.toAbsolutePath() + " holds no SecretLedger backup (no " + BackupFormat.MANIFEST
                    + ")");
        }
        BackupFormat.Manifest manifest = BackupFormat.JSON.readValue(manifestFile.toFile(), BackupFormat.Manifest.class);
        if (manifest.format() != BackupFormat.VERSION) {
            throw new Refused("This backup has format " + manifest.format() + "; this version restores format "
                    + BackupFormat.VERSION);
        }
        if (!manifest.entries().containsKey(BackupFormat.EVENTS)) {
            throw new Refused("The backup's manifest names no event store");
        }
        for (Map.Entry<String, BackupFormat.Entry> entry : manifest.entries().entrySet()) {
            Path file = BackupFormat.resolve(from, entry.getKey());
            if (!Files.isRegularFile(file)) {
                throw new Refused("The backup is incomplete: " + entry.getKey() + " is missing");
            }
            try (InputStream in = Files.newInputStream(file)) {
                if (!BackupFormat.copy(in, OutputStream.nullOutputStream()).equals(entry.getValue())) {
                    throw new Refused("The backup is damaged: " + entry.getKey() + " does not match its checksum");
                }
            }
        }
        return manifest;
    }

    private static MasterKeys masterKeys(Path keyFile, String configured) throws Refused {
        try {
            if (keyFile != null) {
                return FileMasterKeys.load(keyFile, new SecureRandom());
            }
            if (configured != null && !configured.isBlank()) {
                return new ConfiguredMasterKeys(configured, List.of());
            }
        } catch (RuntimeException e) {
            throw new Refused("Cannot read the master key: " + e.getMessage());
        }
        throw new Refused("A restore needs the master key the backup was made with: --master-key-file=<key> or "
                + "SECRETLEDGER_MASTER_KEY; it is never in a backup");
    }

    private static void restore(Path from, Path target, BackupFormat.Manifest manifest, MasterKeys masters)
            throws IOException, Refused {
        for (String entry : manifest.entries().keySet()) {
            if (entry.equals(BackupFormat.SEALED_TOKEN_KEY)) {
                continue;
            }
            Path file = BackupFormat.resolve(target, entry);
            Files.createDirectories(file.getParent());
            Files.copy(BackupFormat.resolve(from, entry), file);
        }
        KeyHierarchy keys = new KeyHierarchy(masters, new FileKeyVault(target.resolve(BackupFormat.VAULT)),
                new SecureRandom());
        try {
            keys.verifyAndFinishRotation();
        } catch (IllegalStateException e) {
            throw new Refused(e.getMessage());
        }
        if (manifest.entries().containsKey(BackupFormat.SEALED_TOKEN_KEY)) {
            byte[] tokenKey;
            try {
                tokenKey = BackupFormat.openTokenKey(keys.purposeKey(BackupFormat.PURPOSE),
                        Files.readAllBytes(BackupFormat.resolve(from, BackupFormat.SEALED_TOKEN_KEY)));
            } catch (IllegalArgumentException e) {
                throw new Refused(e.getMessage());
            }
            Path file = target.resolve(BackupFormat.TOKEN_KEY);
            Files.createDirectories(file.getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.write(file, tokenKey);
        }
    }
}
