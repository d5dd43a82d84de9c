package io.secretledger.infra.integration;

import com.mongodb.client.MongoClient;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.Refusals;
import io.secretledger.infra.support.SecretSteps;
import io.secretledger.infra.support.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Seed 001 over real HTTP: a service account has SecretLedger call a server on loopback (allowed explicitly for
 * this test) with a restricted secret in a header and the body; the server sees the value, the integration never
 * does, and every call, refused or made, is in the secret's audit trail.
 */
class CallWithSecretTest extends LiveApplicationTest {

    @Autowired
    private MongoClient mongo;

    private HttpServer destination;
    private HttpServer elsewhere;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger elsewhereHits = new AtomicInteger();

    @BeforeEach
    void startServers() throws IOException {
        destination = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        destination.createContext("/echo", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(authorization + "|" + body);
            exchange.getResponseHeaders().add("X-Echo", authorization);
            answer(exchange, 200, "you sent " + authorization + " and " + body + " (base64 "
                    + Base64.getEncoder().encodeToString(authorization.substring(7).getBytes(StandardCharsets.UTF_8))
                    + ")");
        });
        destination.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + elsewhere.getAddress().getPort()
                    + "/steal");
            answer(exchange, 302, "");
        });
        elsewhere.createContext("/", exchange -> {
            elsewhereHits.incrementAndGet();
            answer(exchange, 200, "stolen");
        });
        destination.start();
        elsewhere.start();
    }

    @AfterEach
    void stopServers() {
        destination.stop(0);
        elsewhere.stop(0);
    }

    @Test
    void canCallAnAllowedDestinationWithARestrictedSecretAndGetTheAnswerRedacted() {
        HttpGraphQlTester owner = asOwner();
        String canary = "sk_use_" + UUID.randomUUID();
        String name = "pay-" + UUID.randomUUID();
        String secretId = SecretSteps.createSecret(owner, SecretSteps.createApiKeyTemplate(owner), name, canary,
                "RESTRICTED");
        int port = destination.getAddress().getPort();
        owner.documentName("changeEgressAllowlist").variable("rules", List.of(
                        Map.of("scheme", "http", "host", "127.0.0.1", "port", port, "privateAddresses", true),
                        Map.of("scheme", "http", "host", "localhost", "port", port)))
                .execute().path("changeEgressAllowlist.workspace.egressAllowlist[0].host").entity(String.class)
                .isEqualTo("127.0.0.1");
        HttpGraphQlTester integration = http(serviceAccountToken(owner, List.of("USE_SECRETS")));
        String base = "http://127.0.0.1:" + port;

        var answer = integration.documentName("callWithSecret").variable("input", call(base + "/echo?ref=1", name))
                .execute();

        assertThat(received).containsExactly("Bearer " + canary + "|{\"tenant\":\"acme\",\"token\":\"" + canary + "\"}");
        answer.path("callWithSecret.status").entity(Integer.class).isEqualTo(200);
        answer.path("callWithSecret.outcome").entity(String.class).isEqualTo("completed");
        answer.path("callWithSecret.secretId").entity(String.class).isEqualTo(secretId);
        String body = answer.path("callWithSecret.body").entity(String.class).get();
        assertThat(body).doesNotContain(canary).contains("Bearer [REDACTED]").doesNotContain(
                Base64.getEncoder().encodeToString(canary.getBytes(StandardCharsets.UTF_8)));
        assertThat(answer.path("callWithSecret.redactions").entity(Integer.class).get()).isGreaterThanOrEqualTo(4);
        assertThat(answer.path("callWithSecret.headers").entityList(Object.class).get().toString())
                .doesNotContain(canary).contains("Bearer [REDACTED]");

        // A redirect is answered as it is and never followed to the other host.
        integration.documentName("callWithSecret").variable("input", call(base + "/redirect", name)).execute()
                .path("callWithSecret.outcome").entity(String.class).isEqualTo("redirect not followed");
        assertThat(elsewhereHits).hasValue(0);

        // Outside the allowlist, and a name that resolves to loopback under a rule that does not allow it.
        for (String url : List.of("http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/steal",
                "http://localhost:" + port + "/echo", "http://169.254.169.254/latest/meta-data")) {
            integration.documentName("callWithSecret").variable("input", call(url, name)).execute().errors()
                    .satisfy(errors -> Refusals.assertSingle(errors, "EGRESS_DENIED", "url"));
        }
        assertThat(elsewhereHits).hasValue(0);
        assertThat(received).hasSize(1);

        // A person cannot use it this way, nor reveal it; an unknown secret is NOT_FOUND; two secrets in one call
        // and a placeholder in the URL are refused before anything is authorized.
        owner.documentName("callWithSecret").variable("input", call(base + "/echo", name)).execute().errors()
                .satisfy(errors -> Refusals.assertSingle(errors, "FORBIDDEN", null));
        integration.documentName("callWithSecret").variable("input", call(base + "/echo", "no-such-secret")).execute()
                .errors().satisfy(errors -> Refusals.assertSingle(errors, "NOT_FOUND", "request"));
        integration.documentName("callWithSecret").variable("input", Map.of("method", "POST", "url", base + "/echo",
                        "body", "{{secret:" + name + "/token}} {{secret:other/token}}")).execute().errors()
                .satisfy(errors -> Refusals.assertSingle(errors, "VALIDATION", "request"));
        integration.documentName("callWithSecret").variable("input", Map.of("method", "GET",
                        "url", base + "/echo?k={{secret:" + name + "/token}}")).execute().errors()
                .satisfy(errors -> Refusals.assertSingle(errors, "VALIDATION", "url"));
        assertThat(received).hasSize(1);

        List<Map<String, Object>> trail = await().atMost(Duration.ofSeconds(10)).until(() -> secretTrail(owner,
                secretId), entries -> entries.size() >= 9);
        assertThat(trail).extracting(entry -> entry.get("action")).containsExactly("SecretCreated",
                "SecretUseAuthorized", "SecretUsed", "SecretUseAuthorized", "SecretUsed", "SecretUseRefused",
                "SecretUseRefused", "SecretUseRefused", "SecretUseRefused");
        assertThat(trail.get(2).get("result")).isEqualTo("used: 200 completed -> http://127.0.0.1:" + port + "/echo");
        assertThat(trail.get(5).get("result")).asString().startsWith("refused: EGRESS_DENIED");
        assertThat(trail.get(8).get("result")).asString().startsWith("refused: FORBIDDEN");
        assertThat(trail.toString()).doesNotContain(canary);
        assertThat(Storage.eventPayloads(eventStore)).noneMatch(payload -> payload.contains(canary));
    }

    @Test
    void canSaveAConfigurationThatHoldsOnlyReferencesCallItAndNotDeleteItsSecretWithoutForce() {
        HttpGraphQlTester owner = asOwner();
        String canary = "sk_conf_" + UUID.randomUUID();
        String name = "conf-" + UUID.randomUUID();
        String secretId = SecretSteps.createSecret(owner, SecretSteps.createApiKeyTemplate(owner), name, canary);
        int port = destination.getAddress().getPort();
        owner.documentName("changeEgressAllowlist").variable("rules", List.of(Map.of("scheme", "http",
                "host", "127.0.0.1", "port", port, "privateAddresses", true))).execute();
        String integrationName = "Billing " + UUID.randomUUID();
        Map<String, Object> configuration = new java.util.HashMap<>(call("http://127.0.0.1:" + port + "/echo", name));
        configuration.put("name", integrationName);
        owner.documentName("saveIntegration").variable("input", configuration).execute()
                .path("saveIntegration.integration.referencedSecrets").entityList(String.class).containsExactly(name);
        owner.documentName("saveIntegration").variable("input", Map.of("name", "typed key", "method", "GET",
                        "url", "https://api.payments.example/", "encryptionKeyRef", canary)).execute().errors()
                .satisfy(errors -> Refusals.assertSingle(errors, "VALIDATION", "encryptionKeyRef"));
        await().atMost(Duration.ofSeconds(10)).until(() -> owner.documentName("integrations").execute()
                .path("integrations[*].name").entityList(String.class).get(), names -> names.contains(integrationName));

        var answer = http(serviceAccountToken(owner, List.of("USE_SECRETS"))).documentName("callIntegration")
                .variable("name", integrationName).execute();
        answer.path("callIntegration.status").entity(Integer.class).isEqualTo(200);
        assertThat(answer.path("callIntegration.body").entity(String.class).get()).doesNotContain(canary);
        assertThat(received).containsExactly("Bearer " + canary + "|{\"tenant\":\"acme\",\"token\":\"" + canary + "\"}");

        owner.documentName("deleteSecret").variable("secretId", secretId).execute().errors().satisfy(errors -> {
            Refusals.assertSingle(errors, "CONFLICT", "force");
            assertThat(errors.get(0).getMessage()).contains(integrationName);
        });
        owner.documentName("deleteSecret").variable("secretId", secretId).variable("force", true).execute()
                .path("deleteSecret.secret.id").entity(String.class).isEqualTo(secretId);
        assertThat(Storage.projectionDocuments(mongo, "secretledger")).noneMatch(document -> document.contains(canary));
        assertThat(Storage.eventPayloads(eventStore)).noneMatch(payload -> payload.contains(canary));
    }

    private Map<String, Object> call(String url, String name) {
        return Map.of("method", "POST", "url", url,
                "headers", List.of(Map.of("name", "Authorization", "value", "Bearer {{secret:" + name + "/token}}")),
                "body", "{\"tenant\":\"{{secret:" + name + "/tenant}}\",\"token\":\"{{secret:" + name + "/token}}\"}");
    }

    private static String serviceAccountToken(HttpGraphQlTester owner, List<String> scopes) {
        String accountId = owner.documentName("createServiceAccount").variable("input", Map.of("name", "Billing",
                        "scopes", scopes)).execute()
                .path("createServiceAccount.serviceAccount.id").entity(String.class).get();
        return owner.documentName("issueServiceAccountToken").variable("serviceAccountId", accountId).execute()
                .path("issueServiceAccountToken.token").entity(String.class).get();
    }

    private static List<Map<String, Object>> secretTrail(HttpGraphQlTester owner, String secretId) {
        return owner.documentName("auditLog").variable("first", 100).variable("filter", Map.of("secretId", secretId))
                .execute().path("auditLog.edges[*].node").entityList(new ParameterizedTypeReference<Map<String, Object>>() {
                }).get();
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
