package io.secretledger.infra.reminder;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretledger.infra.SecretLedgerApplication;
import io.secretledger.infra.dev.LocalTokens;
import io.secretledger.infra.support.DevMailbox;
import io.secretledger.infra.support.GraphQlClients;
import io.secretledger.infra.support.LiveApplicationTest.Demo;
import io.secretledger.infra.support.SecretSteps;
import io.secretledger.infra.support.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A reminder planned before a restart falls due after it: its deadline is in the event store's database
 * (db-scheduler), not in memory, and it is mailed once.
 */
class ExpiryReminderRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void aReminderPlannedBeforeARestartIsMailedAfterIt() throws Exception {
        String secretId;
        try (ConfigurableApplicationContext first = start()) {
            HttpGraphQlTester owner = GraphQlClients.http(port(first), ownerToken(first));
            owner.documentName("setReminderDefaults").variable("input", Map.of("leadDays", List.of(1))).execute()
                    .path("setReminderDefaults.leadDays").entityList(Integer.class).containsExactly(1);
            Instant expiresAt = Instant.now().plus(Duration.ofDays(1)).plusSeconds(20);
            secretId = owner.documentName("createSecret").variable("input", Map.of(
                            "templateId", SecretSteps.createApiKeyTemplate(owner), "name", "reminded-after-restart",
                            "expiresAt", expiresAt.toString(), "values", List.of(Map.of("key", "tenant", "value", "acme"),
                                    Map.of("key", "token", "value", "sk_restart"))))
                    .execute().path("createSecret.secret.id").entity(String.class).get();
            String planned = secretId;
            await().atMost(Duration.ofSeconds(15)).until(() -> reminderEvents(first, "SecretExpiryTracked", planned) == 1);
            assertThat(reminderEvents(first, "ExpiryReminderDue", planned)).isZero();
        }
        try (ConfigurableApplicationContext second = start()) {
            String token = ownerToken(second);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    reminderMails(second, token).size() == 1);
            assertThat(reminderMails(second, token).get(0).get("text")).contains("reminded-after-restart")
                    .doesNotContain("sk_restart");
            assertThat(reminderEvents(second, "ExpiryReminderDue", secretId)).isEqualTo(1);
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(SecretLedgerApplication.class)
                .run("--server.port=0", "--secretledger.data-dir=" + dataDir);
    }

    private String ownerToken(ConfigurableApplicationContext context) throws Exception {
        Demo demo = context.getBean(ObjectMapper.class).readValue(dataDir.resolve("demo-workspace.json").toFile(),
                Demo.class);
        return context.getBean(LocalTokens.class).mint(demo.workspaceId(), demo.ownerMemberId(), demo.ownerEmail(),
                Duration.ofMinutes(10));
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static List<Map<String, String>> reminderMails(ConfigurableApplicationContext context, String token) {
        return DevMailbox.messages(port(context), token, context.getBean(ObjectMapper.class)).stream()
                .filter(mail -> mail.get("subject").startsWith("SecretLedger: ")).toList();
    }

    private static long reminderEvents(ConfigurableApplicationContext context, String type, String secretId) {
        return Storage.eventPayloads(context.getBean(DataSource.class)).stream()
                .filter(event -> event.startsWith("io.secretledger.api.reminder." + type) && event.contains(secretId))
                .count();
    }
}
