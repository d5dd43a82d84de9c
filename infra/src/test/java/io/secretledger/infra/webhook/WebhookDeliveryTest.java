package io.secretledger.infra.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.sun.net.httpserver.HttpServer;
import io.secretledger.infra.SecretLedgerApplication;
import io.secretledger.infra.dev.LocalTokens;
import io.secretledger.infra.support.GraphQlClients;
import io.secretledger.infra.support.LiveApplicationTest.Demo;
import io.secretledger.infra.support.Refusals;
import io.secretledger.infra.support.SecretSteps;
import io.secretledger.infra.support.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 21 over real HTTP: an owner registers a webhook through the egress allowlist, a receiver on loopback
 * (allowed explicitly) verifies each delivery's signature as the Standard Webhooks libraries do, answers the first
 * attempt 500 and sees it retried after the back-off; destinations outside the allowlist or at a private address are
 * refused with nothing stored; a restart and a rebuild of every processor deliver nothing twice. Short retry delays
 * for this test only, on an application of its own.
 */
class WebhookDeliveryTest {

    // language=GraphQL
    private static final String ALLOW = """
            mutation($rules: [EgressRuleInput!]!) {
              changeEgressAllowlist(input: { rules: $rules }) { workspace { egressAllowlist { host port } } }
            }""";
    // language=GraphQL
    private static final String REGISTER = """
            mutation($url: String!, $types: [String!]!) {
              registerWebhook(input: { url: $url, eventTypes: $types }) {
                webhook { id url eventTypes enabled secretVersion }
                signingSecret
              }
            }""";
    // language=GraphQL
    private static final String LIST = """
            query {
              webhooks {
                id url eventTypes enabled
                deliveries { id eventId eventType outcome attempts { attempt outcome status error } }
              }
            }""";

    // language=GraphQL
    private static final String CHANGE = """
            mutation($input: ChangeWebhookInput!) { changeWebhook(input: $input) { webhook { id eventTypes enabled } } }""";

    @TempDir
    Path dataDir;

    private HttpServer receiver;
    private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            received.add(Map.of("id", String.valueOf(id),
                    "timestamp", String.valueOf(exchange.getRequestHeaders().getFirst("webhook-timestamp")),
                    "signature", String.valueOf(exchange.getRequestHeaders().getFirst("webhook-signature")),
                    "body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            // The first attempt of each delivery fails; the next one is taken.
            int status = seen.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet() == 1 ? 500 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void aChangeIsDeliveredSignedRetriedAfterAFailureRecordedAndNeverTwice() throws Exception {
        int port = receiver.getAddress().getPort();
        String hookUrl = "http://127.0.0.1:" + port + "/hook";
        String canary = "sk_webhook_" + UUID.randomUUID();
        String secretName = "hooked-" + UUID.randomUUID();
        String signingSecret;
        String webhookId;
        String secretId;
        String firstDelivery;
        try (ConfigurableApplicationContext app = start()) {
            HttpGraphQlTester owner = GraphQlClients.demoOwner(app, dataDir);
            owner.document(ALLOW).variable("rules", List.of(
                            Map.of("scheme", "http", "host", "127.0.0.1", "port", port, "privateAddresses", true),
                            Map.of("scheme", "http", "host", "localhost", "port", port)))
                    .execute().path("changeEgressAllowlist.workspace.egressAllowlist[0].port").entity(Integer.class)
                    .isEqualTo(port);
            long eventsBefore = Storage.countEvents(app.getBean(DataSource.class));

            // Outside the allowlist (another port, the cloud metadata address) and a name that resolves to loopback
            // under a rule without privateAddresses: refused on url, nothing stored.
            for (String url : List.of("http://127.0.0.1:" + (port == 65535 ? 1 : port + 1) + "/hook",
                    "http://169.254.169.254/latest/meta-data", "http://localhost:" + port + "/hook")) {
                owner.document(REGISTER).variable("url", url).variable("types", List.of("secret.created")).execute()
                        .errors().satisfy(errors -> Refusals.assertSingle(errors, "EGRESS_DENIED", "url"));
            }
            owner.document(REGISTER).variable("url", hookUrl).variable("types", List.of("secret.peeked")).execute()
                    .errors().satisfy(errors -> Refusals.assertSingle(errors, "VALIDATION", "eventTypes[0]"));
            assertThat(Storage.countEvents(app.getBean(DataSource.class))).isEqualTo(eventsBefore);
            owner.document(LIST).execute().path("webhooks").entityList(Object.class).hasSize(0);

            var registered = owner.document(REGISTER).variable("url", hookUrl)
                    .variable("types", List.of("secret.created", "secret.edited")).execute();
            signingSecret = registered.path("registerWebhook.signingSecret").entity(String.class).get();
            webhookId = registered.path("registerWebhook.webhook.id").entity(String.class).get();
            registered.path("registerWebhook.webhook.secretVersion").entity(Integer.class).isEqualTo(1);
            assertThat(signingSecret).startsWith("whsec_");
            assertThat(Base64.getDecoder().decode(signingSecret.substring(6))).hasSize(32);

            secretId = SecretSteps.createSecret(owner, SecretSteps.createApiKeyTemplate(owner), secretName, canary);

            // First attempt answered 500, the retry after the (short) back-off 204: two requests, one webhook-id.
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 2);
            assertThat(received).hasSize(2);
            assertThat(received.get(0).get("id")).isEqualTo(received.get(1).get("id"));
            for (Map<String, String> delivery : received) {
                assertSigned(delivery, signingSecret);
                assertThat(delivery.get("body")).contains("\"type\":\"secret.created\"")
                        .contains("\"subjectId\":\"" + secretId + "\"").doesNotContain(canary)
                        .doesNotContain(secretName);
            }
            firstDelivery = received.get(0).get("id");
            List<Object> attempts = await().atMost(Duration.ofSeconds(30)).until(() -> owner.document(LIST).execute()
                    .path("webhooks[0].deliveries[0].attempts[*].outcome").entityList(Object.class).get(),
                    outcomes -> outcomes.equals(List.of("FAILED", "DELIVERED")));
            assertThat(attempts).hasSize(2);
            owner.document(LIST).execute()
                    .path("webhooks[0].id").entity(String.class).isEqualTo(webhookId)
                    .path("webhooks[0].deliveries[0].id").entity(String.class).isEqualTo(firstDelivery)
                    .path("webhooks[0].deliveries[0].outcome").entity(String.class).isEqualTo("DELIVERED")
                    .path("webhooks[0].deliveries[0].attempts[0].status").entity(Integer.class).isEqualTo(500)
                    .path("webhooks[0].deliveries[0].attempts[1].status").entity(Integer.class).isEqualTo(204);

            // A rebuild of every processor, the webhook ones included, replays the change: nothing is sent again.
            HttpGraphQlTester operator = operator(app);
            for (String processor : List.of("webhook-dispatch", "webhook-delivery", "workspace-directory")) {
                operator.document("mutation($name: String!) { rebuildProjection(input: { name: $name }) "
                                + "{ name caughtUp } }").variable("name", processor).execute()
                        .path("rebuildProjection.name").entity(String.class).isEqualTo(processor);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> owner.document(LIST).execute()
                    .path("webhooks[0].deliveries[*].outcome").entityList(String.class).get().equals(
                            List.of("DELIVERED")));

            // The signing secret and the value are nowhere in what was stored.
            List<String> events = Storage.eventPayloads(app.getBean(DataSource.class));
            assertThat(String.join("\n", events)).doesNotContain(signingSecret).doesNotContain(
                    signingSecret.substring(6)).doesNotContain(canary);
            assertThat(String.join("\n", Storage.projectionDocuments(app.getBean(MongoClient.class), "secretledger")))
                    .doesNotContain(signingSecret.substring(6)).doesNotContain(canary);
        }
        try (ConfigurableApplicationContext app = start()) {
            HttpGraphQlTester owner = GraphQlClients.demoOwner(app, dataDir);
            // A change after the restart is delivered (first attempt fails, the retry is taken) ...
            owner.document("mutation($input: SetSecretActiveInput!) { setSecretActive(input: $input) { secret { id } } }")
                    .variable("input", Map.of("secretId", secretId, "active", false)).execute();
            owner.document(CHANGE).variable("input", Map.of("id", webhookId,
                    "eventTypes", List.of("secret.created", "secret.deactivated"))).execute()
                    .path("changeWebhook.webhook.eventTypes[1]").entity(String.class).isEqualTo("secret.deactivated");
            String later = "later-" + UUID.randomUUID();
            SecretSteps.createSecret(owner, SecretSteps.createApiKeyTemplate(owner), later, canary);
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 4);
            // ... and the one delivered before it is not delivered again.
            String first = firstDelivery;
            assertThat(received.stream().filter(delivery -> delivery.get("id").equals(first))).hasSize(2);
            assertThat(received).hasSize(4);
            assertThat(received.get(2).get("body")).contains("secret.created");
            received.forEach(delivery -> assertSigned(delivery, signingSecret));
        }
    }

    /** As a receiver checks it: HMAC-SHA256 with the base64 key after whsec_, over id.timestamp.body, recent. */
    private static void assertSigned(Map<String, String> delivery, String signingSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(signingSecret.substring("whsec_".length())),
                    "HmacSHA256"));
            String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal((delivery.get("id") + "."
                    + delivery.get("timestamp") + "." + delivery.get("body")).getBytes(StandardCharsets.UTF_8)));
            boolean matches = false;
            for (String signature : delivery.get("signature").split(" ")) {
                matches |= MessageDigest.isEqual(signature.getBytes(StandardCharsets.UTF_8),
                        expected.getBytes(StandardCharsets.UTF_8));
            }
            assertThat(matches).as("signature of " + delivery.get("id")).isTrue();
            long age = Instant.now().getEpochSecond() - Long.parseLong(delivery.get("timestamp"));
            assertThat(Math.abs(age)).isLessThan(300);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(SecretLedgerApplication.class).run("--server.port=0",
                "--secretledger.data-dir=" + dataDir, "--secretledger.webhooks.retry-delays=1s,1s",
                "--secretledger.webhooks.timeout=20s");
    }

    private HttpGraphQlTester operator(ConfigurableApplicationContext app) throws IOException {
        Demo demo = app.getBean(ObjectMapper.class).readValue(dataDir.resolve("demo-workspace.json").toFile(),
                Demo.class);
        String token = app.getBean(LocalTokens.class).mintOperator(demo.workspaceId(), demo.ownerMemberId(),
                demo.ownerEmail(), Duration.ofMinutes(10));
        return GraphQlClients.http(((WebServerApplicationContext) app).getWebServer().getPort(), token);
    }
}
