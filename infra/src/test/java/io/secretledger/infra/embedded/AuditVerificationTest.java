package io.secretledger.infra.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import io.secretledger.infra.SecretLedgerApplication;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The operators' command line verifies a stopped service's data directory and names an edited audit entry. */
class AuditVerificationTest {

    @TempDir
    Path dataDir;

    @Test
    void canVerifyADataDirectoryFromTheCommandLineAndNameAnEditedEntry() throws Exception {
        try (ConfigurableApplicationContext app = SpringApplication.run(SecretLedgerApplication.class,
                "--secretledger.data-dir=" + dataDir, "--server.port=0", "--secretledger.mail.dev-mailbox.port=0")) {
            MongoClient mongo = app.getBean(MongoClient.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> mongo.getDatabase("secretledger")
                    .getCollection("audit-ndjson").countDocuments() >= 1);
        }
        assertThat(verify("--data-dir=" + dataDir)).startsWith("0|").contains("intact").doesNotContain("BROKEN");

        MongoServer projections = EmbeddedStorageConfiguration.projectionServer(dataDir);
        InetSocketAddress address = projections.getLocalAddress();
        long position;
        try (MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":"
                + address.getPort())) {
            var log = client.getDatabase("secretledger").getCollection("audit-ndjson");
            Document chunk = log.find().first();
            List<String> lines = new ArrayList<>(new String(chunk.get("ndjson", org.bson.types.Binary.class).getData(),
                    StandardCharsets.UTF_8).lines().toList());
            String last = lines.get(lines.size() - 1);
            position = Long.parseLong(last.replaceFirst("^\\{\"position\":(\\d+),.*", "$1"));
            lines.set(lines.size() - 1, last.replaceFirst("\"action\":\"[A-Za-z]+\"", "\"action\":\"NothingHappened\""));
            log.replaceOne(Filters.eq("_id", chunk.get("_id")), new Document(chunk).append("ndjson",
                    new org.bson.types.Binary((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8))));
        } finally {
            projections.shutdownNow();
        }

        assertThat(verify("--data-dir=" + dataDir)).startsWith("1|")
                .contains("BROKEN at position " + position + " (CHANGED)");
        assertThat(verify("--data-dir=" + dataDir.resolve("nowhere"))).startsWith("2|");
        assertThat(verify("--data-dir=" + dataDir, "--from=yesterday")).startsWith("2|");
    }

    private static String verify(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = AuditVerification.COMMAND;
        System.arraycopy(args, 0, all, 1, args.length);
        int status = AuditVerification.run(all, new PrintStream(out, true, StandardCharsets.UTF_8));
        return status + "|" + out.toString(StandardCharsets.UTF_8);
    }
}
