package io.secretledger.infra.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretledger.infra.SecretLedgerApplication;
import io.secretledger.infra.dev.LocalTokens;
import io.secretledger.infra.embedded.AuditVerification;
import io.secretledger.infra.support.GraphQlClients;
import io.secretledger.infra.support.LiveApplicationTest.Demo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static io.secretledger.infra.support.SecretSteps.createApiKeyTemplate;
import static io.secretledger.infra.support.SecretSteps.createSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A backup taken over HTTP while clients keep creating secrets, restored into an empty directory with the master
 * key kept apart: the audit chains verify, every secret acknowledged before the backup started reveals its value,
 * its name is still taken, tokens of the old service still sign in, and the projections equal a fresh replay.
 * What is refused: a directory that is not empty, a token without sl_operator, another master key.
 */
class BackupRestoreTest {

    private static final String LIST = """
            query($after: String) { secrets(first: 100, after: $after) {
              edges { node { id name version revealCount description fields { key value version } } }
              pageInfo { hasNextPage endCursor } } }""";

    @TempDir
    Path work;

    @Test
    void aBackupTakenUnderWritesRestoresWithItsMasterKeyAndNothingElse() throws Exception {
        Path dataDir = work.resolve("data");
        Path backupDir = work.resolve("backup");
        Path masterKey = dataDir.resolve("keys/master.key");
        Map<String, String> acknowledged = new HashMap<>();
        Map<String, String> duringBackup = new ConcurrentHashMap<>();
        String templateId;
        String oldOperatorToken;
        try (ConfigurableApplicationContext app = start(dataDir, masterKey)) {
            HttpGraphQlTester owner = GraphQlClients.demoOwner(app, dataDir);
            templateId = createApiKeyTemplate(owner);
            for (int i = 0; i < 15; i++) {
                String value = "sk_backup_canary_" + i + "_" + Long.toHexString(new SecureRandom().nextLong());
                acknowledged.put(createSecret(owner, templateId, "before-backup-" + i, value), value);
            }
            oldOperatorToken = operatorToken(app, dataDir);
            String url = "http://localhost:" + port(app);

            Files.createDirectories(work.resolve("occupied"));
            Files.writeString(work.resolve("occupied/notes.txt"), "keep me");
            assertThat(backup("--to=" + work.resolve("occupied"), "--url=" + url, "--token=" + oldOperatorToken))
                    .startsWith("2|").contains("is not empty");
            assertThat(Files.readString(work.resolve("occupied/notes.txt"))).isEqualTo("keep me");
            String ownerOnly = app.getBean(LocalTokens.class).mint(demo(app, dataDir).workspaceId(),
                    demo(app, dataDir).ownerMemberId(), demo(app, dataDir).ownerEmail(), Duration.ofMinutes(5));
            assertThat(backup("--to=" + work.resolve("refused"), "--url=" + url, "--token=" + ownerOnly))
                    .startsWith("2|").contains("HTTP 403").contains("FORBIDDEN");

            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService writers = Executors.newFixedThreadPool(3);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int writer = w;
                running.add(writers.submit(() -> {
                    for (int i = 0; writing.get(); i++) {
                        String value = "sk_during_" + writer + "_" + i;
                        duringBackup.put(createSecret(owner, templateId, "during-" + writer + "-" + i, value), value);
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> duringBackup.size() >= 6);
            assertThat(backup("--to=" + backupDir, "--url=" + url, "--token=" + oldOperatorToken))
                    .startsWith("0|").contains("checked").contains("keep that key apart");
            int createdWhileBackingUp = duringBackup.size();
            writing.set(false);
            for (Future<?> writer : running) {
                writer.get(30, TimeUnit.SECONDS);
            }
            writers.shutdown();
            assertThat(duringBackup.size()).isGreaterThan(6);
            assertThat(createdWhileBackingUp).isGreaterThan(0);
        }

        assertThat(backupDir.resolve("keys/master.key")).doesNotExist();
        assertThat(backupDir.resolve("keys/jwt.key")).doesNotExist();
        assertThat(backupDir.resolve("keys/jwt.key.sealed")).exists();
        try (Stream<Path> files = Files.walk(backupDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(content).as(file.toString()).doesNotContain("sk_backup_canary_").doesNotContain("sk_during_");
            }
        }

        Path otherKey = work.resolve("other.key");
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        Files.write(otherKey, other);
        Path wrongKeyTarget = work.resolve("wrong-key");
        assertThat(restore("--from=" + backupDir, "--data-dir=" + wrongKeyTarget, "--master-key-file=" + otherKey))
                .startsWith("2|").contains("Restore refused").contains("wrapped by master key master-")
                .contains("restore with the master key of the service that made the backup");
        assertThat(wrongKeyTarget).satisfiesAnyOf(path -> assertThat(path).doesNotExist(),
                path -> assertThat(path).isEmptyDirectory());
        assertThat(restore("--from=" + backupDir, "--data-dir=" + work.resolve("occupied"),
                "--master-key-file=" + masterKey)).startsWith("2|").contains("is not empty");
        assertThat(restore("--from=" + backupDir, "--data-dir=" + work.resolve("no-key"))).startsWith("2|")
                .contains("it is never in a backup");

        Path restored = work.resolve("restored");
        assertThat(restore("--from=" + backupDir, "--data-dir=" + restored, "--master-key-file=" + masterKey))
                .startsWith("0|").contains("Restored the backup");
        assertThat(restored.resolve("keys/master.key")).doesNotExist();
        assertThat(verifyAudit(restored)).startsWith("0|").contains("intact");

        try (ConfigurableApplicationContext app = start(restored, masterKey)) {
            HttpGraphQlTester operator = GraphQlClients.http(port(app), oldOperatorToken);
            for (Map.Entry<String, String> secret : acknowledged.entrySet()) {
                operator.document("mutation($id: ID!) { revealSecretField(input: {secretId: $id, fieldKey: \"token\"}) "
                                + "{ value } }").variable("id", secret.getKey()).execute()
                        .path("revealSecretField.value").entity(String.class).isEqualTo(secret.getValue());
            }
            operator.document("mutation($t: ID!) { createSecret(input: {templateId: $t, name: \"before-backup-3\", "
                            + "values: [{key: \"tenant\", value: \"x\"}, {key: \"token\", value: \"y\"}]}) { secret { id } } }")
                    .variable("t", templateId).execute().errors().satisfy(errors -> assertThat(errors)
                            .anySatisfy(error -> assertThat(error.getExtensions()).containsEntry("code", "VALIDATION")));

            awaitCaughtUp(operator);
            List<String> beforeReplay = listing(operator);
            assertThat(beforeReplay).hasSizeGreaterThanOrEqualTo(acknowledged.size());
            List<String> projections = operator.document("{ projections { name } }").execute()
                    .path("projections[*].name").entityList(String.class).get();
            for (String projection : projections) {
                operator.document("mutation($name: String!) { rebuildProjection(input: {name: $name}) { name } }")
                        .variable("name", projection).execute().path("rebuildProjection.name").hasValue();
            }
            awaitCaughtUp(operator);
            assertThat(listing(operator)).containsExactlyInAnyOrderElementsOf(beforeReplay);
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir, Path masterKey) {
        return SpringApplication.run(SecretLedgerApplication.class, "--secretledger.data-dir=" + dataDir,
                "--secretledger.master-key-file=" + masterKey, "--server.port=0",
                "--secretledger.mail.dev-mailbox.port=0");
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    private static Demo demo(ConfigurableApplicationContext app, Path dataDir) throws IOException {
        return app.getBean(ObjectMapper.class).readValue(dataDir.resolve("demo-workspace.json").toFile(), Demo.class);
    }

    private static String operatorToken(ConfigurableApplicationContext app, Path dataDir) throws IOException {
        Demo demo = demo(app, dataDir);
        return app.getBean(LocalTokens.class).mintOperator(demo.workspaceId(), demo.ownerMemberId(), demo.ownerEmail(),
                Duration.ofMinutes(30));
    }

    private static List<String> listing(HttpGraphQlTester tester) {
        List<String> secrets = new ArrayList<>();
        String after = null;
        do {
            var page = tester.document(LIST).variable("after", after).execute();
            secrets.addAll(page.path("secrets.edges[*].node").entityList(Map.class).get().stream()
                    .map(Object::toString).toList());
            after = page.path("secrets.pageInfo.hasNextPage").entity(Boolean.class).get()
                    ? page.path("secrets.pageInfo.endCursor").entity(String.class).get() : null;
        } while (after != null);
        return secrets;
    }

    private static void awaitCaughtUp(HttpGraphQlTester operator) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> operator
                .document("{ projections { caughtUp replaying } }").execute()
                .path("projections").entityList(Map.class).get().stream()
                .allMatch(status -> Boolean.TRUE.equals(status.get("caughtUp"))
                        && Boolean.FALSE.equals(status.get("replaying"))));
    }

    private static String backup(String... args) {
        return run(out -> BackupCommand.run(prepend(BackupCommand.COMMAND, args), Map.of(), out));
    }

    private static String restore(String... args) {
        return run(out -> RestoreCommand.run(prepend(RestoreCommand.COMMAND, args), Map.of(), out));
    }

    private static String verifyAudit(Path dataDir) {
        return run(out -> AuditVerification.run(new String[]{AuditVerification.COMMAND, "--data-dir=" + dataDir}, out));
    }

    private static String[] prepend(String command, String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    private static String run(java.util.function.ToIntFunction<PrintStream> command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = command.applyAsInt(new PrintStream(out, true, StandardCharsets.UTF_8));
        return status + "|" + out.toString(StandardCharsets.UTF_8);
    }
}
