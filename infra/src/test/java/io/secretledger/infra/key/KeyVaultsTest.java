package io.secretledger.infra.key;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.secret.EncryptedValue;
import io.secretledger.command.crypto.AssociatedData;
import io.secretledger.command.crypto.ConfiguredMasterKeys;
import io.secretledger.command.crypto.FieldCipher;
import io.secretledger.command.crypto.KeyHierarchy;
import io.secretledger.command.crypto.KeyVault;
import io.secretledger.command.crypto.KeyVault.DataKeyEntry;
import io.secretledger.infra.embedded.FilesSyncedWithEvents;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Both key vaults keep data key versions and reservations across restarts, and read entries of before versions. */
class KeyVaultsTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AssociatedData PLACE = new AssociatedData("ws", "s-1", "token", 1);
    private final String master = Base64.getEncoder().encodeToString(new byte[32]);
    private MongoServer mongo;
    private MongoClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
            mongo.shutdownNow();
        }
    }

    @Test
    void theFileVaultKeepsRotatedDataKeysAcrossRestarts(@TempDir Path dir) {
        rotatesAndReadsBackAfterRestarts(() -> new FileKeyVault(dir));
    }

    @Test
    void theFileVaultLeavesEveryMoveItMakesToTheEventStoresNextSync(@TempDir Path dir) {
        FilesSyncedWithEvents synced = new FilesSyncedWithEvents();
        FileKeyVault vault = new FileKeyVault(dir, synced);
        new FieldCipher(new KeyHierarchy(new ConfiguredMasterKeys(master, List.of()), vault, RANDOM), RANDOM)
                .encrypt(new Plaintext("v"), PLACE);

        assertThat(bucketFiles(dir)).singleElement();
        assertThat(synced.pending()).contains(dir.resolve("workspaces/ws.json").toAbsolutePath(),
                dir.resolve("workspaces").toAbsolutePath(), bucketFiles(dir).get(0).toAbsolutePath(),
                dir.resolve("data").toAbsolutePath());
        synced.sync();
        assertThat(synced.pending()).isEmpty();
    }

    @Test
    void theFileVaultPacksDataKeysIntoBucketsThatReadBackAfterARestart(@TempDir Path dir) throws Exception {
        FilesSyncedWithEvents synced = new FilesSyncedWithEvents();
        FileKeyVault vault = new FileKeyVault(dir, synced);
        KeyHierarchy keys = new KeyHierarchy(new ConfiguredMasterKeys(master, List.of()), vault, RANDOM);
        FieldCipher cipher = new FieldCipher(keys, RANDOM);
        List<EncryptedValue> sealed = new ArrayList<>();
        int secrets = 3_000;
        for (int i = 0; i < secrets; i++) {
            sealed.add(cipher.encrypt(new Plaintext("value-" + i), place(i)));
            if (i % 50 == 49) {
                synced.sync();
            }
        }

        List<Path> buckets = bucketFiles(dir);
        assertThat(buckets).as("one file per bucket, not per secret").hasSizeLessThanOrEqualTo(FileKeyVault.BUCKETS)
                .hasSizeLessThan(secrets * 4 / 5);
        try (var all = Files.walk(dir.resolve("data"))) {
            assertThat(all.filter(Files::isRegularFile).count()).isEqualTo(buckets.size());
        }
        FileKeyVault reopened = new FileKeyVault(dir);
        assertThat(reopened.dataKeysOf("ws")).hasSize(secrets);
        FieldCipher fresh = new FieldCipher(new KeyHierarchy(new ConfiguredMasterKeys(master, List.of()), reopened,
                RANDOM), RANDOM);
        for (int i = 0; i < secrets; i += 97) {
            assertThat(fresh.decrypt(sealed.get(i), place(i)).value()).isEqualTo("value-" + i);
        }
    }

    @Test
    void theFileVaultOverwritesTheCopyOfABucketItReplaces(@TempDir Path dir) throws Exception {
        replacesAndOverwrites(new FileKeyVault(dir.resolve("alone")), dir.resolve("alone"), null);
        FilesSyncedWithEvents synced = new FilesSyncedWithEvents();
        replacesAndOverwrites(new FileKeyVault(dir.resolve("beside-events"), synced), dir.resolve("beside-events"),
                synced);
    }

    /**
     * A second name for the bucket's inode shows what the disk keeps of the copy the vault replaced: noise, at once
     * when the vault syncs itself, and after the next sync when it syncs with the event store.
     */
    private void replacesAndOverwrites(FileKeyVault vault, Path dir, FilesSyncedWithEvents synced) throws Exception {
        new FieldCipher(new KeyHierarchy(new ConfiguredMasterKeys(master, List.of()), vault, RANDOM), RANDOM)
                .encrypt(new Plaintext("v"), PLACE);
        if (synced != null) {
            synced.sync();
        }
        Path bucket = bucketFiles(dir).get(0);
        Path copy = dir.resolve("copy-of-the-bucket");
        Files.createLink(copy, bucket);
        DataKeyEntry read = vault.dataKey("s-1").orElseThrow();
        String wrapped = Base64.getEncoder().encodeToString(read.keys().get(1).wrapped());
        assertThat(Files.readString(copy)).contains(wrapped);

        assertThat(vault.replaceDataKey(read, DataKeyEntry.tombstone("s-1", "ws", Instant.parse("2026-12-07T00:00:00Z"))))
                .isTrue();
        if (synced != null) {
            assertThat(Files.readString(copy)).as("before the move is on the disk").contains(wrapped);
            synced.sync();
        }

        assertThat(new String(Files.readAllBytes(copy), java.nio.charset.StandardCharsets.ISO_8859_1))
                .as("the replaced copy").doesNotContain(wrapped).doesNotContain("secretId");
        assertThat(Files.readString(bucket)).doesNotContain(wrapped).contains("destroyedAt");
    }

    @Test
    void theFileVaultSyncsItselfWhenNoCheckpointComes(@TempDir Path dir) {
        FilesSyncedWithEvents synced = new FilesSyncedWithEvents();
        FieldCipher cipher = new FieldCipher(new KeyHierarchy(new ConfiguredMasterKeys(master, List.of()),
                new FileKeyVault(dir, synced), RANDOM), RANDOM);
        int most = 0;
        for (int i = 0; i < 600; i++) {
            cipher.encrypt(new Plaintext("v"), place(i));
            most = Math.max(most, synced.waitingActions());
        }
        assertThat(most).as("replaced copies held open at once").isBetween(1, 256);
    }

    @Test
    void theFileVaultMovesEntriesOfTheEarlierLayoutIntoBuckets(@TempDir Path dir) throws Exception {
        FileKeyVault vault = new FileKeyVault(dir);
        KeyHierarchy keys = new KeyHierarchy(new ConfiguredMasterKeys(master, List.of()), vault, RANDOM);
        FieldCipher cipher = new FieldCipher(keys, RANDOM);
        List<EncryptedValue> sealed = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sealed.add(cipher.encrypt(new Plaintext("value-" + i), place(i)));
        }
        List<String> wrapped = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            DataKeyEntry entry = vault.dataKey("s-" + i).orElseThrow();
            wrapped.add(Base64.getEncoder().encodeToString(entry.keys().get(1).wrapped()));
        }
        asTheEarlierLayout(dir);
        try (var all = Files.walk(dir.resolve("data"))) {
            assertThat(all.filter(file -> file.toString().endsWith(".json")).count()).isEqualTo(40);
        }

        FileKeyVault moved = new FileKeyVault(dir);

        try (var all = Files.walk(dir.resolve("data"))) {
            assertThat(all.filter(file -> !file.equals(dir.resolve("data")))
                    .allMatch(file -> file.getFileName().toString().endsWith(".keys"))).isTrue();
        }
        FieldCipher fresh = new FieldCipher(new KeyHierarchy(new ConfiguredMasterKeys(master, List.of()), moved,
                RANDOM), RANDOM);
        for (int i = 0; i < 40; i++) {
            assertThat(fresh.decrypt(sealed.get(i), place(i)).value()).isEqualTo("value-" + i);
        }
        assertThat(new FileKeyVault(dir).dataKeysOf("ws")).hasSize(40);
        String everything = String.join("\n", bucketFiles(dir).stream().map(KeyVaultsTest::read).toList());
        assertThat(everything).contains(wrapped.get(0), wrapped.get(39));
    }

    @Test
    void theMongoVaultKeepsRotatedDataKeysAcrossRestarts() {
        mongo = new MongoServer(H2Backend.inMemory());
        mongo.bind("127.0.0.1", 0);
        InetSocketAddress address = mongo.getLocalAddress();
        client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
        rotatesAndReadsBackAfterRestarts(() -> new MongoKeyVault(new MongoTemplate(client, "vault")));
    }

    @Test
    void theFileVaultReadsAnEntryWrittenBeforeKeysHadVersions(@TempDir Path dir) throws Exception {
        FileKeyVault vault = new FileKeyVault(dir);
        KeyHierarchy keys = new KeyHierarchy(new ConfiguredMasterKeys(master, List.of()), vault, RANDOM);
        EncryptedValue sealed = new FieldCipher(keys, RANDOM).encrypt(new Plaintext("before"), PLACE);
        asTheEarlierLayout(dir);
        rewriteAsBeforeVersions(dir.resolve("data/s-/s-1.json"));

        DataKeyEntry legacy = new FileKeyVault(dir).dataKey("s-1").orElseThrow();
        assertThat(legacy.current()).isEqualTo(1);
        assertThat(legacy.keys()).containsOnlyKeys(1);
        assertThat(legacy.reserved()).isZero();
        assertThat(new FieldCipher(new KeyHierarchy(new ConfiguredMasterKeys(master, List.of()), new FileKeyVault(dir),
                RANDOM), RANDOM).decrypt(sealed, PLACE).value()).isEqualTo("before");
    }

    @Test
    void bothVaultsKeepATombstoneWithoutKeyMaterial(@TempDir Path dir) {
        FileKeyVault vault = new FileKeyVault(dir);
        KeyHierarchy keys = new KeyHierarchy(new ConfiguredMasterKeys(master, List.of()), vault, RANDOM, 3);
        FieldCipher cipher = new FieldCipher(keys, RANDOM);
        for (int i = 0; i < 5; i++) {
            cipher.encrypt(new Plaintext("v"), PLACE);
        }
        keys.destroyDataKey("ws", "s-1", Instant.parse("2026-11-24T00:00:00Z"));
        DataKeyEntry tombstone = new FileKeyVault(dir).dataKey("s-1").orElseThrow();
        assertThat(tombstone.destroyed()).isTrue();
        assertThat(tombstone.keys()).isEmpty();
    }

    @Test
    void theFileVaultReplacesAnEntryOnlyAsItWasRead(@TempDir Path dir) throws Exception {
        replacesOnlyAsRead(new FileKeyVault(dir.resolve("current")));
        Path legacy = dir.resolve("legacy");
        new FieldCipher(new KeyHierarchy(new ConfiguredMasterKeys(master, List.of()), new FileKeyVault(legacy), RANDOM),
                RANDOM).encrypt(new Plaintext("before"), PLACE);
        asTheEarlierLayout(legacy);
        rewriteAsBeforeVersions(legacy.resolve("data/s-/s-1.json"));
        replacesALegacyEntryAsRead(new FileKeyVault(legacy), "s-1");
    }

    @Test
    void theMongoVaultReplacesAnEntryOnlyAsItWasRead() {
        mongo = new MongoServer(H2Backend.inMemory());
        mongo.bind("127.0.0.1", 0);
        InetSocketAddress address = mongo.getLocalAddress();
        client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
        MongoKeyVault vault = new MongoKeyVault(new MongoTemplate(client, "vault"));
        replacesOnlyAsRead(vault);
        client.getDatabase("vault").getCollection(MongoKeyVault.COLLECTION)
                .insertOne(Document.parse(LEGACY.toJson()).append("_id", "dk|legacy").append("kind", "data"));
        replacesALegacyEntryAsRead(vault, "legacy");
    }

    private static AssociatedData place(int i) {
        return new AssociatedData("ws", "s-" + i, "token", 1);
    }

    private static List<Path> bucketFiles(Path vault) {
        try (var files = Files.list(vault.resolve("data"))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".keys")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The vault's buckets taken apart into the layout of before buckets: one {@code data/<2 chars>/<id>.json} each. */
    private static void asTheEarlierLayout(Path vault) throws java.io.IOException {
        for (Path bucket : bucketFiles(vault)) {
            for (Document entry : Document.parse(Files.readString(bucket)).getList("entries", Document.class)) {
                String id = entry.getString("secretId");
                Path file = vault.resolve("data").resolve(id.substring(0, 2)).resolve(id + ".json");
                Files.createDirectories(file.getParent());
                Files.writeString(file, entry.toJson());
            }
            Files.delete(bucket);
        }
    }

    /** A file vault entry of one key version rewritten as entries were before keys had versions. */
    private static void rewriteAsBeforeVersions(Path file) throws java.io.IOException {
        Document document = Document.parse(Files.readString(file));
        Document key = document.getList("keys", Document.class).get(0);
        key.remove("version");
        document.remove("keys");
        document.remove("current");
        document.remove("reserved");
        Files.writeString(file, document.append("key", key).toJson());
    }

    /** An entry written before keys had versions: one {@code key}, no current version, nothing reserved. */
    private static final Document LEGACY = new Document("secretId", "legacy").append("workspaceId", "ws")
            .append("version", 1).append("key", new Document("under", "workspace-key-1")
                    .append("nonce", new org.bson.types.Binary(new byte[12]))
                    .append("wrapped", new org.bson.types.Binary(new byte[48])));

    private void replacesOnlyAsRead(KeyVault vault) {
        new FieldCipher(new KeyHierarchy(new ConfiguredMasterKeys(master, List.of()), vault, RANDOM), RANDOM)
                .encrypt(new Plaintext("v"), PLACE);
        DataKeyEntry read = vault.dataKey("s-1").orElseThrow();
        DataKeyEntry reserved = read.reserving(read.reserved() + 10);

        assertThat(vault.replaceDataKey(read, reserved)).isTrue();
        assertThat(vault.replaceDataKey(read, read.reserving(read.reserved() + 20))).as("read before that").isFalse();
        assertThat(vault.dataKey("s-1").orElseThrow().reserved()).isEqualTo(reserved.reserved());
        DataKeyEntry tombstone = DataKeyEntry.tombstone("s-1", "ws", Instant.parse("2026-11-24T00:00:00Z"));
        assertThat(vault.replaceDataKey(reserved, tombstone)).isTrue();
        assertThat(vault.replaceDataKey(reserved, reserved.reserving(99))).as("over a tombstone").isFalse();
        assertThat(vault.dataKey("s-1").orElseThrow().destroyed()).isTrue();
    }

    private void replacesALegacyEntryAsRead(KeyVault vault, String secretId) {
        DataKeyEntry legacy = vault.dataKey(secretId).orElseThrow();
        assertThat(legacy.reserved()).isZero();
        assertThat(vault.replaceDataKey(legacy, legacy.reserving(1024))).isTrue();
        assertThat(vault.dataKey(secretId).orElseThrow().reserved()).isEqualTo(1024);
    }

    /** Three restarts, each encrypting 7 values under a limit of 5 per key; every value decrypts after the last. */
    private void rotatesAndReadsBackAfterRestarts(Supplier<KeyVault> vaults) {
        List<EncryptedValue> sealed = new ArrayList<>();
        for (int restart = 0; restart < 3; restart++) {
            FieldCipher cipher = new FieldCipher(
                    new KeyHierarchy(new ConfiguredMasterKeys(master, List.of()), vaults.get(), RANDOM, 5), RANDOM);
            for (int i = 0; i < 7; i++) {
                sealed.add(cipher.encrypt(new Plaintext("value-" + sealed.size()), PLACE));
            }
        }
        assertThat(sealed).extracting(EncryptedValue::keyId).containsOnly("dk1", "dk2", "dk3", "dk4", "dk5")
                .contains("dk1", "dk5");
        for (String keyId : List.of("dk1", "dk2", "dk3", "dk4", "dk5")) {
            assertThat(sealed.stream().filter(value -> value.keyId().equals(keyId)).count()).isBetween(1L, 5L);
        }
        DataKeyEntry entry = vaults.get().dataKey("s-1").orElseThrow();
        assertThat(entry.current()).isEqualTo(5);
        assertThat(entry.keys()).containsOnlyKeys(1, 2, 3, 4, 5);
        FieldCipher fresh = new FieldCipher(
                new KeyHierarchy(new ConfiguredMasterKeys(master, List.of()), vaults.get(), RANDOM, 5), RANDOM);
        for (int i = 0; i < sealed.size(); i++) {
            assertThat(fresh.decrypt(sealed.get(i), PLACE).value()).isEqualTo("value-" + i);
        }
    }
}
