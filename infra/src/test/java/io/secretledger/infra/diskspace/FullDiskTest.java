package io.secretledger.infra.diskspace;

import io.secretledger.infra.SecretLedgerApplication;
import io.secretledger.infra.embedded.AuditVerification;
import io.secretledger.infra.support.GraphQlClients;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.secretledger.infra.support.SecretSteps.createApiKeyTemplate;
import static io.secretledger.infra.support.SecretSteps.createSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The data directory on a 64 MiB tmpfs of its own, filled to the last byte by another writer: changes and reveals
 * are refused with UNAVAILABLE while reads go on, nothing stored is lost, and once the space is back the same
 * process accepts changes again; a restart then finds everything and the audit chains verify. Mounting needs root
 * (as on the CI machine); elsewhere the test is skipped.
 */
class FullDiskTest {

    private static final String CREATE = """
            mutation($t: ID!, $n: String!) { createSecret(input: {templateId: $t, name: $n,
              values: [{key: "tenant", value: "acme"}, {key: "token", value: "sk_full"}]}) { secret { id } } }""";
    private static final String REVEAL = """
            mutation($id: ID!) { revealSecretField(input: {secretId: $id, fieldKey: "token"}) { value } }""";

    @TempDir
    Path work;

    @Test
    void aFullDiskRefusesChangesWithUnavailableAndTheServiceRecoversWhenSpaceReturns() throws Exception {
        Path disk = work.resolve("disk");
        Files.createDirectories(disk);
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", disk.toString()) == 0,
                "mounting a small tmpfs needs root");
        try {
            Path dataDir = disk.resolve("data");
            Map<String, String> stored = new LinkedHashMap<>();
            String templateId;
            try (ConfigurableApplicationContext app = start(dataDir)) {
                HttpGraphQlTester owner = GraphQlClients.demoOwner(app, dataDir);
                templateId = createApiKeyTemplate(owner);
                for (int i = 0; i < 3; i++) {
                    stored.put(createSecret(owner, templateId, "before-" + i, "sk_before_" + i), "sk_before_" + i);
                }
                Path ballast = work.resolve("disk/ballast");
                fill(ballast);
                // The guard looks every 200 ms.
                Thread.sleep(1_000);
                for (int i = 0; i < 3; i++) {
                    owner.document(CREATE).variable("t", templateId).variable("n", "while-full-" + i).execute()
                            .errors().satisfy(errors -> assertThat(errors).singleElement().satisfies(error ->
                                    assertThat(error.getExtensions()).containsEntry("code", "UNAVAILABLE")));
                }
                String first = stored.keySet().iterator().next();
                owner.document(REVEAL).variable("id", first).execute().errors().satisfy(errors -> assertThat(errors)
                        .singleElement().satisfies(error -> assertThat(error.getExtensions())
                                .containsEntry("code", "UNAVAILABLE")));
                // A commit that met the full disk is lost as a crash loses it; the processors write it again.
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                        assertThat(owner.document("{ secrets(first: 10) { edges { node { name } } } }").execute()
                                .path("secrets.edges[*].node.name").entityList(String.class).get())
                                .containsExactlyInAnyOrder("before-0", "before-1", "before-2"));

                Files.delete(ballast);
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                        .until(() -> app.getBean(DiskSpaceGuard.class).accepting());
                stored.put(createSecret(owner, templateId, "after-space-returned", "sk_after"), "sk_after");
                owner.document(REVEAL).variable("id", first).execute().path("revealSecretField.value")
                        .entity(String.class).isEqualTo(stored.get(first));
            }
            try (ConfigurableApplicationContext app = start(dataDir)) {
                HttpGraphQlTester owner = GraphQlClients.demoOwner(app, dataDir);
                for (Map.Entry<String, String> secret : stored.entrySet()) {
                    owner.document(REVEAL).variable("id", secret.getKey()).execute().path("revealSecretField.value")
                            .entity(String.class).isEqualTo(secret.getValue());
                }
                assertThat(owner.document("{ secrets(first: 10) { edges { node { name } } } }").execute()
                        .path("secrets.edges[*].node.name").entityList(String.class).get())
                        .doesNotContain("while-full-0", "while-full-1", "while-full-2");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int verdict = AuditVerification.run(new String[]{AuditVerification.COMMAND, "--data-dir=" + dataDir},
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(verdict).as(out.toString(StandardCharsets.UTF_8)).isZero();
        } finally {
            run("umount", "-l", disk.toString());
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        return SpringApplication.run(SecretLedgerApplication.class, "--secretledger.data-dir=" + dataDir,
                "--server.port=0", "--secretledger.mail.dev-mailbox.port=0",
                "--secretledger.storage.min-free-space=8MB", "--secretledger.storage.reserve=8MB");
    }

    /** Writes until the disk refuses another byte, as another process filling the disk would. */
    private static void fill(Path ballast) {
        byte[] block = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(ballast)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertThat(full).hasMessageContaining("No space left");
        }
    }

    private static int run(String... command) throws Exception {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(20, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
