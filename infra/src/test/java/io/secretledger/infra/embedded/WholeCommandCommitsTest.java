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
                long document = db.getCollection("docs").find().first().getLong("v");
                long token = db.getCollection("tokens").find().first().getLong("v");
                assertThat(document).as("commands were committed before the halt").isPositive();
                assertThat(token).as("token of round " + round).isLessThanOrEqualTo(document);
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

    /** Runs the class's main in a JVM of its own, which must end by halting (exit 9, no shutdown hook). */
    private static void runUntilHalted(Class<?> main, String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(java.util.List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("halted").isEqualTo(9);
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
