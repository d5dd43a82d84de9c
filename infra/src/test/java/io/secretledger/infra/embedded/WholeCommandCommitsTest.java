package io.secretledger.infra.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projection store's file holds a prefix of the commands, whenever the process dies: a process writing a
 * document and then its "token", in turn, is halted (no shutdown hook, as a SIGKILL) at several moments; the token
 * read back from the file is never ahead of the document.
 */
class WholeCommandCommitsTest {

    @Test
    void neverStoresALaterCommandWithoutTheOnesBeforeIt(@TempDir Path dir) throws Exception {
        for (int round = 0; round < 4; round++) {
            Path data = dir.resolve("round-" + round);
            java.nio.file.Files.createDirectories(data);
            runUntilHalted(Writer.class, data.toString(), Long.toString(700 + round * 311L));

            MongoServer server = EmbeddedStorageConfiguration.projectionServer(data);
            try (MongoClient client = client(server)) {
                MongoDatabase db = client.getDatabase("t");
                org.bson.Document document = db.getCollection("docs").find().first();
                org.bson.Document token = db.getCollection("tokens").find().first();
                // A slow start may halt before the first commit: then neither may be in the file.
                if (document == null) {
                    assertThat(token).as("token of round " + round + " without its document").isNull();
                    continue;
                }
                assertThat(token == null ? 0 : token.getLong("v")).as("token of round " + round)
                        .isLessThanOrEqualTo(document.getLong("v"));
            } finally {
                server.shutdownNow();
            }
        }
    }

    /** What a secret's name claim relies on: a write it waited for is in the file though the process dies at once. */
    @Test
    void keepsAWriteItWaitedForThoughTheProcessDiesRightAfter(@TempDir Path dir) throws Exception {
        for (int round = 0; round < 3; round++) {
            Path data = dir.resolve("claim-" + round);
            java.nio.file.Files.createDirectories(data);
            runUntilHalted(Claimer.class, data.toString());

            MongoServer server = EmbeddedStorageConfiguration.projectionServer(data);
            try (MongoClient client = client(server)) {
                assertThat(client.getDatabase("t").getCollection("claims").countDocuments()).isEqualTo(50);
            } finally {
                server.shutdownNow();
            }
        }
    }

    /**
     * The same promise on a file that has been used for a while: rewrites leave holes whose space the store reuses,
     * and the process is killed (SIGKILL) at a random moment, round after round on the one file. Every claim the
     * child reported as awaited must be there after each kill. H2 2.5.250 and 2.5.252 broke this: a new chunk that
     * was not where its predecessor predicted got a store header naming the predecessor, so a restart after a kill
     * did not find the last commits (ADR 0019, addendum).
     */
    @Test
    void keepsEveryAwaitedWriteAcrossKillsOfAStoreThatReusesItsSpace(@TempDir Path dir) throws Exception {
        java.util.Set<String> acknowledged = new java.util.HashSet<>();
        java.util.Random random = new java.util.Random();
        for (int round = 0; round < 8; round++) {
            Process process = new ProcessBuilder(java(Rewriter.class, dir.toString(), "r" + round))
                    .redirectErrorStream(true).start();
            java.util.List<String> lines = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            Thread reader = new Thread(() -> {
                try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()))) {
                    in.lines().forEach(lines::add);
                } catch (java.io.IOException ignored) {
                    // the child is gone
                }
            });
            reader.start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (claimed(lines).isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Thread.sleep(1_500 + random.nextInt(2_500));
            } finally {
                process.destroyForcibly().waitFor();
            }
            reader.join();
            acknowledged.addAll(claimed(lines));
            assertThat(acknowledged).as("claims acknowledged by round " + round).isNotEmpty();

            MongoServer server = EmbeddedStorageConfiguration.projectionServer(dir);
            try (MongoClient client = client(server)) {
                java.util.Set<String> stored = new java.util.HashSet<>();
                client.getDatabase("t").getCollection("claims").find()
                        .forEach(claim -> stored.add(claim.getString("_id")));
                java.util.List<String> lost = acknowledged.stream().filter(id -> !stored.contains(id)).toList();
                assertThat(lost).as("awaited claims missing after kill " + round).isEmpty();
            } finally {
                server.shutdownNow();
            }
        }
    }

    /**
     * A few thousand documents rewritten at random, with commits forced as name claims force them, over many
     * retention times: the file must stop growing once it holds them, instead of keeping every chunk that still
     * has a live page (~60 KB per secret created before, issue 18).
     */
    @Test
    void reusesTheSpaceOfRewrittenDocumentsWhileItRuns(@TempDir Path dir) throws Exception {
        // A short retention, so that a few seconds hold many of them; the service's store keeps 3 s.
        WholeCommandCommits backend = EmbeddedStorageConfiguration.projectionBackend(dir, 300);
        MongoServer server = EmbeddedStorageConfiguration.serve(backend);
        Path file = dir.resolve("projections.mv");
        java.util.Random random = new java.util.Random(18);
        long written = 0;
        long largest = 0;
        try (MongoClient client = client(server)) {
            var documents = client.getDatabase("t").getCollection("docs");
            java.util.List<org.bson.Document> all = new java.util.ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                all.add(new org.bson.Document("_id", "doc-" + i).append("v", -1L)
                        .append("padding", noise(random, 1_000)));
            }
            documents.insertMany(all);
            while (written < 20_000) {
                for (int i = 0; i < 20; i++) {
                    documents.updateOne(Filters.eq("_id", "doc-" + random.nextInt(3_000)),
                            Updates.combine(Updates.set("v", written++),
                                    Updates.set("padding", noise(random, 1_000))),
                            new UpdateOptions().upsert(true));
                }
                backend.awaitCommit();
                largest = Math.max(largest, java.nio.file.Files.size(file));
            }
            assertThat(documents.countDocuments()).isEqualTo(3_000);
        } finally {
            server.shutdownNow();
        }
        // Without the reclaiming the file grew by ~7 KB per write here, to ~140 MB (before the pages were compressed).
        assertThat(largest).as("bytes of the file during 20,000 rewrites of 3,000 documents of ~1 KB of noise")
                .isLessThan(40L << 20);
    }

    /**
     * Two thirds of 6,000 documents deleted: the reclaim rewrites the sparse chunks, which leaves holes inside the
     * file, and the file must then shrink while the service runs, not keep its largest size until a restart: the
     * store is copied while requests wait, and the client goes on with every document that was not deleted.
     */
    @Test
    void givesBackTheSpaceOfDeletedDocumentsWithoutARestart(@TempDir Path dir) throws Exception {
        ReopeningProjectionStore backend = new ReopeningProjectionStore(
                dir.resolve(EmbeddedStorageConfiguration.PROJECTION_FILE),
                () -> EmbeddedStorageConfiguration.projectionBackend(dir, 300));
        MongoServer server = EmbeddedStorageConfiguration.serve(backend);
        Path file = dir.resolve("projections.mv");
        java.util.Random random = new java.util.Random(3);
        try (MongoClient client = client(server)) {
            var documents = client.getDatabase("t").getCollection("docs");
            for (int batch = 0; batch < 60; batch++) {
                java.util.List<org.bson.Document> some = new java.util.ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    byte[] noise = new byte[1_500];
                    random.nextBytes(noise);
                    // random bytes, so that the store's compression does not make the documents small
                    some.add(new org.bson.Document("_id", batch * 100 + i)
                            .append("padding", java.util.Base64.getEncoder().encodeToString(noise)));
                }
                documents.insertMany(some);
                backend.awaitCommit();
            }
            Thread.sleep(1_000);
            backend.awaitCommit();
            long full = java.nio.file.Files.size(file);
            documents.deleteMany(Filters.not(Filters.mod("_id", 3, 0)));
            backend.awaitCommit();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long size = java.nio.file.Files.size(file);
            // A processor's token goes on being written, as in the service: the MVStore drops a dead chunk only
            // once a few versions were committed after the one that freed it.
            var tokens = client.getDatabase("t").getCollection("tokens");
            for (long round = 0; size > full / 2 && System.nanoTime() < deadline; round++) {
                Thread.sleep(200);
                tokens.updateOne(Filters.eq("_id", "processor"), Updates.set("v", round), new UpdateOptions().upsert(true));
                backend.awaitCommit();
                backend.compactIfSparse();
                size = java.nio.file.Files.size(file);
            }
            assertThat(documents.countDocuments()).isEqualTo(2_000);
            assertThat(documents.find(Filters.eq("_id", 5_997)).first()).isNotNull();
            assertThat(size).as("bytes of the file after two thirds of its %d were deleted", full)
                    .isLessThanOrEqualTo(full / 2);
        } finally {
            server.shutdownNow();
        }
    }

    /**
     * A backup's copy, taken while a writer updates a document and then its token: each copy opens, holds the
     * document as it was at least when the copy began, and its token is never ahead of its document.
     */
    @Test
    void copiesTheStoreAsItStoodBetweenTwoCommandsWhileWritesGoOn(@TempDir Path dir) throws Exception {
        WholeCommandCommits backend = EmbeddedStorageConfiguration.projectionBackend(dir, 300);
        MongoServer server = EmbeddedStorageConfiguration.serve(backend);
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        try (MongoClient client = client(server)) {
            MongoDatabase db = client.getDatabase("t");
            String padding = "p".repeat(2_000);
            // Between the two in the store's order of maps, so a copy takes a while from one to the other.
            java.util.List<org.bson.Document> bulk = new java.util.ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                bulk.add(new org.bson.Document("_id", i).append("padding", padding));
            }
            db.getCollection("e-bulk").insertMany(bulk);
            Thread writer = new Thread(() -> {
                for (long v = 1; writing.get(); v++) {
                    db.getCollection("docs").updateOne(Filters.eq("_id", "d"), Updates.combine(Updates.set("v", v),
                            Updates.set("padding", padding)), new UpdateOptions().upsert(true));
                    db.getCollection("tokens").updateOne(Filters.eq("_id", "t"), Updates.set("v", v),
                            new UpdateOptions().upsert(true));
                    written.set(v);
                }
            });
            writer.start();
            try {
                while (written.get() < 10) {
                    Thread.sleep(10);
                }
                for (int copy = 0; copy < 6; copy++) {
                    long before = written.get();
                    Path target = dir.resolve("copy-" + copy);
                    java.nio.file.Files.createDirectories(target);
                    backend.copyTo(target.resolve("projections.mv"));
                    MongoServer copied = EmbeddedStorageConfiguration.projectionServer(target);
                    try (MongoClient reader = client(copied)) {
                        org.bson.Document document = reader.getDatabase("t").getCollection("docs").find().first();
                        org.bson.Document token = reader.getDatabase("t").getCollection("tokens").find().first();
                        assertThat(document).as("copy " + copy).isNotNull();
                        assertThat(document.getLong("v")).as("copy " + copy + ": the document when it began")
                                .isGreaterThanOrEqualTo(before);
                        assertThat(token == null ? 0 : token.getLong("v")).as("copy " + copy + ": its token")
                                .isLessThanOrEqualTo(document.getLong("v"));
                    } finally {
                        copied.shutdownNow();
                    }
                    Thread.sleep(150);
                }
            } finally {
                writing.set(false);
                writer.join(10_000);
            }
        } finally {
            server.shutdownNow();
        }
    }

    /**
     * An MVStore closes itself for good when a write fails (a full disk); the service's backend opens the file again
     * at the next request, with every committed write, and says so to those who restart the processors.
     */
    @Test
    void opensTheStoreAgainAfterItClosedItself(@TempDir Path dir) throws Exception {
        ReopeningProjectionStore backend = new ReopeningProjectionStore(
                dir.resolve(EmbeddedStorageConfiguration.PROJECTION_FILE),
                () -> EmbeddedStorageConfiguration.projectionBackend(dir));
        java.util.concurrent.atomic.AtomicInteger reopened = new java.util.concurrent.atomic.AtomicInteger();
        backend.afterReopen(reopened::incrementAndGet);
        MongoServer server = EmbeddedStorageConfiguration.serve(backend);
        try (MongoClient client = client(server)) {
            var documents = client.getDatabase("t").getCollection("docs");
            documents.insertOne(new org.bson.Document("_id", "committed"));
            backend.awaitCommit();
            // What MVStore's panic does after a failed write.
            backend.current().mvStore().closeImmediately();
            assertThat(documents.find(Filters.eq("_id", "committed")).first()).isNotNull();
            assertThat(reopened).hasValue(1);
            documents.insertOne(new org.bson.Document("_id", "after"));
            backend.awaitCommit();
            assertThat(documents.countDocuments()).isEqualTo(2);
        } finally {
            server.shutdownNow();
        }
    }

    /**
     * Characters that do not compress, so that the store's LZF pages stay as large as the documents: a repeated
     * letter took almost no room, and the bounds on the file's size then proved little (review finding).
     */
    static String noise(java.util.Random random, int chars) {
        byte[] bytes = new byte[chars * 3 / 4];
        random.nextBytes(bytes);
        return java.util.Base64.getEncoder().encodeToString(bytes);
    }

    /** The claims a {@link Rewriter} reported as awaited, in the lines it printed so far. */
    private static java.util.List<String> claimed(java.util.List<String> lines) {
        synchronized (lines) {
            return lines.stream().filter(line -> line.startsWith(Rewriter.CLAIMED))
                    .map(line -> line.substring(Rewriter.CLAIMED.length())).toList();
        }
    }

    /** Runs the class's main in a JVM of its own, which must end by halting (exit 9, no shutdown hook). */
    private static void runUntilHalted(Class<?> main, String... args) throws Exception {
        Process process = new ProcessBuilder(java(main, args)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("halted").isEqualTo(9);
    }

    /** The command that runs the class's main in a JVM of its own, on this test's class path. */
    private static java.util.List<String> java(Class<?> main, String... args) {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(java.util.List.of(args));
        return command;
    }

    private static MongoClient client(MongoServer server) {
        return MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    }

    /** Writes 50 claims, each awaited, then halts the JVM at once. */
    public static final class Claimer {
        public static void main(String[] args) {
            WholeCommandCommits backend = EmbeddedStorageConfiguration.projectionBackend(Path.of(args[0]));
            MongoServer server = EmbeddedStorageConfiguration.serve(backend);
            try (MongoClient client = client(server)) {
                for (int i = 0; i < 50; i++) {
                    client.getDatabase("t").getCollection("claims").insertOne(new org.bson.Document("_id", "name-" + i));
                    backend.awaitCommit();
                }
                Runtime.getRuntime().halt(9);
            }
        }
    }

    /**
     * Rewrites documents at random from four threads, each claiming a name after its rewrites and awaiting its
     * commit, and prints each awaited claim; runs until killed. A short retention, so that space is reused soon.
     */
    public static final class Rewriter {
        static final String CLAIMED = "claimed ";

        public static void main(String[] args) throws Exception {
            WholeCommandCommits backend = EmbeddedStorageConfiguration.projectionBackend(Path.of(args[0]), 300);
            MongoServer server = EmbeddedStorageConfiguration.serve(backend);
            MongoClient client = client(server);
            var documents = client.getDatabase("t").getCollection("docs");
            var claims = client.getDatabase("t").getCollection("claims");
            java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();
            for (int t = 0; t < 4; t++) {
                java.util.Random random = new java.util.Random(t);
                new Thread(() -> {
                    while (true) {
                        for (int i = 0; i < 10; i++) {
                            documents.updateOne(Filters.eq("_id", "doc-" + random.nextInt(2_000)),
                                    Updates.set("padding", noise(random, 2_000)),
                                    new UpdateOptions().upsert(true));
                        }
                        String id = args[1] + "-" + next.incrementAndGet();
                        claims.insertOne(new org.bson.Document("_id", id));
                        backend.awaitCommit();
                        synchronized (System.out) {
                            System.out.println(CLAIMED + id);
                            System.out.flush();
                        }
                    }
                }).start();
            }
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** Writes a document, then a token naming it, in a loop; halts the JVM after the given milliseconds. */
    public static final class Writer {
        public static void main(String[] args) {
            MongoServer server = EmbeddedStorageConfiguration.projectionServer(Path.of(args[0]));
            long start = System.nanoTime();
            long millis = Long.parseLong(args[1]);
            String padding = "x".repeat(2_000);
            try (MongoClient client = client(server)) {
                MongoDatabase db = client.getDatabase("t");
                for (long i = 1; ; i++) {
                    db.getCollection("docs").updateOne(Filters.eq("_id", "k"),
                            Updates.combine(Updates.set("v", i), Updates.set("padding", padding)),
                            new UpdateOptions().upsert(true));
                    db.getCollection("tokens").updateOne(Filters.eq("_id", "k"), Updates.set("v", i),
                            new UpdateOptions().upsert(true));
                    if (System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(millis)) {
                        Runtime.getRuntime().halt(9);
                    }
                }
            }
        }
    }
}
