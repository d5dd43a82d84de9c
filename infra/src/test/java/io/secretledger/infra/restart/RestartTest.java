package io.secretledger.infra.restart;

import com.mongodb.client.MongoClient;
import io.secretledger.infra.SecretLedgerApplication;
import io.secretledger.infra.support.GraphQlClients;
import io.secretledger.infra.support.Storage;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.secretledger.infra.support.SecretSteps.createApiKeyTemplate;
import static io.secretledger.infra.support.SecretSteps.createSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stops the application and starts it again on the same data directory: every acknowledged change is
 * there, the projection is as it was and its processor resumes from its stored token instead of replaying
 * events into it, and the first-start token is not printed again.
 */
@ExtendWith(OutputCaptureExtension.class)
class RestartTest {

    @TempDir
    Path dataDir;

    @Test
    void aRestartKeepsEverythingAndReplaysNothing(CapturedOutput output) throws Exception {
        String secretId;
        Map<?, ?> before;
        Document tokenBefore;
        long eventsBefore;
        try (ConfigurableApplicationContext first = start()) {
            assertThat(output.getOut()).contains("Development token");
            HttpGraphQlTester owner = owner(first);
            secretId = createSecret(owner, createApiKeyTemplate(owner), "survives-restart", "sk_restart");
            owner.documentName("revealSecretField").variable("input", Map.of("secretId", secretId, "fieldKey", "token"))
                    .execute().path("revealSecretField.value").entity(String.class).isEqualTo("sk_restart");
            owner.documentName("updateSecret").variable("input", Map.of("id", secretId, "expectedVersion", 1,
                    "description", "edited before the restart")).execute()
                    .path("updateSecret.secret.version").entity(Integer.class).isEqualTo(2);
            before = readSecret(owner, secretId);
            tokenBefore = trackingToken(first);
            eventsBefore = Storage.countEvents(first.getBean(DataSource.class));
        }
        int printedTokens = count(output.getOut(), "Development token");

        try (ConfigurableApplicationContext second = start()) {
            HttpGraphQlTester owner = owner(second);
            assertThat(readSecret(owner, secretId)).isEqualTo(before);
            assertThat(trackingToken(second).get("token")).isEqualTo(tokenBefore.get("token"));
            assertThat(Storage.countEvents(second.getBean(DataSource.class))).isEqualTo(eventsBefore);
            assertThat(Storage.eventPayloads(second.getBean(DataSource.class)))
                    .filteredOn(event -> event.startsWith("io.secretledger.api.workspace.WorkspaceCreated")).hasSize(1);
            owner.documentName("updateSecret").variable("input", Map.of("id", secretId, "expectedVersion", 2,
                    "description", "edited after the restart")).execute()
                    .path("updateSecret.secret.version").entity(Integer.class).isEqualTo(3);
        }
        assertThat(count(output.getOut(), "Development token")).isEqualTo(printedTokens);
    }

    /** The expiry deadline lives in the H2 database (db-scheduler), not in memory: a restart does not lose it. */
    @Test
    void anExpiryScheduledBeforeARestartPassesAfterIt() throws Exception {
        String secretId;
        try (ConfigurableApplicationContext first = start()) {
            HttpGraphQlTester owner = owner(first);
            secretId = createSecret(owner, createApiKeyTemplate(owner), "expires-across-restart", "sk_x");
            owner.document("""
                            mutation($id: ID!, $at: DateTime) { setSecretExpiration(input: {secretId: $id,
                              expiresAt: $at}) { secret { expired } } }""")
                    .variable("id", secretId).variable("at", Instant.now().plusSeconds(8).toString()).execute()
                    .path("setSecretExpiration.secret.expired").entity(Boolean.class).isEqualTo(false);
        }
        try (ConfigurableApplicationContext second = start()) {
            HttpGraphQlTester owner = owner(second);
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).until(() -> owner.document(
                            "query($id: ID!) { secret(id: $id) { expired } }")
                    .variable("id", secretId).execute().path("secret.expired").entity(Boolean.class).get());
            assertThat(Storage.eventPayloads(second.getBean(DataSource.class)))
                    .filteredOn(event -> event.startsWith("io.secretledger.api.secret.SecretExpired")).hasSize(1);
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(SecretLedgerApplication.class)
                .run("--server.port=0", "--secretledger.data-dir=" + dataDir);
    }

    private HttpGraphQlTester owner(ConfigurableApplicationContext context) throws Exception {
        return GraphQlClients.demoOwner(context, dataDir);
    }

    private static Map<?, ?> readSecret(HttpGraphQlTester owner, String secretId) {
        return owner.documentName("secret").variable("id", secretId).execute().path("secret").entity(Map.class).get();
    }

    /** The stored position of the secret projection's processor, once it has caught up with the store. */
    private static Document trackingToken(ConfigurableApplicationContext context) throws InterruptedException {
        MongoClient mongo = context.getBean(MongoClient.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Document token = null;
        while (System.nanoTime() < deadline) {
            token = mongo.getDatabase("secretledger").getCollection("trackingtokens")
                    .find(new Document("processorName", "secret-catalog")).first();
            if (token != null && token.get("token") != null) {
                return token;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        throw new AssertionError("no tracking token stored for secret-catalog: " + token);
    }

    private static int count(String text, String needle) {
        return text.split(java.util.regex.Pattern.quote(needle), -1).length - 1;
    }

}
