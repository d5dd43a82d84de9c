package io.secretledger.infra.secret;

import com.mongodb.client.MongoClient;
import io.secretledger.infra.support.Canaries;
import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.secretledger.infra.support.SecretSteps.createApiKeyTemplate;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plants unique sensitive values, drives every operation of the slice and its error paths, then searches
 * the stored events, the projection documents, the raw files of the data directory, the log and every
 * response but the reveal for them. The tenant value (not sensitive) is the control: it must be found.
 */
@ExtendWith(OutputCaptureExtension.class)
class CanaryTest extends LiveApplicationTest {

    @Autowired
    private MongoClient mongo;

    private final List<String> responses = new ArrayList<>();

    @Test
    void aSensitiveValueIsStoredNowhereButAsCiphertext(CapturedOutput log) throws Exception {
        String first = Canaries.plant("first");
        String second = Canaries.plant("second");
        String refused = Canaries.plant("refused");
        String control = "control-tenant-" + UUID.randomUUID();
        String templateId = createApiKeyTemplate(asOwner());

        String created = graphql("mutation { createSecret(input: {templateId: \"" + templateId + "\", name: \"canary-"
                + UUID.randomUUID() + "\", values: [{key: \"tenant\", value: \"" + control + "\"}, {key: \"token\", "
                + "value: \"" + first + "\"}]}) { secret { id version fields { key masked value } } } }");
        String secretId = created.replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");

        BlockingQueue<Object> pushed = new LinkedBlockingQueue<>();
        Disposable subscription = webSocket(ownerToken())
                .document("subscription { secretChanged(id: \"" + secretId + "\") { version fields { key masked value } } }")
                .executeSubscription().toFlux("secretChanged", Map.class).subscribe(pushed::add);
        try {
            assertThat(pushed.poll(20, TimeUnit.SECONDS)).isNotNull();
            graphql("mutation { updateSecret(input: {id: \"" + secretId + "\", expectedVersion: 0, values: "
                    + "[{key: \"token\", value: \"" + second + "\"}]}) { secret { version fields { key value } } } }");
            Object update = pushed.poll(20, TimeUnit.SECONDS);
            assertThat(update).isNotNull();
            responses.add(String.valueOf(update));
        } finally {
            subscription.dispose();
        }

        graphql("{ secret(id: \"" + secretId + "\") { fields { key masked value } history(first: 20) { edges { node "
                + "{ summary changes { field change value } } } } } }");
        graphql("{ secrets(first: 50) { edges { node { name fields { key value } } } } }");
        graphql("mutation { updateSecret(input: {id: \"" + secretId + "\", expectedVersion: 0, values: "
                + "[{key: \"token\", value: \"" + refused + "\"}]}) { secret { version } } }");
        graphql("mutation { updateSecret(input: {id: \"" + secretId + "\", expectedVersion: 1, values: "
                + "[{key: \"nope\", value: \"" + refused + "\"}, {key: \"token\", value: \"" + refused + "x".repeat(5000)
                + "\"}]}) { secret { version } } }");
        graphql("mutation { createSecret(input: {templateId: \"" + templateId + "\", name: \"Not A Slug\", "
                + "values: [{key: \"token\", value: \"" + refused + "\"}]}) { secret { id } } }");

        String revealed = post("mutation { revealSecretField(input: {secretId: \"" + secretId + "\", fieldKey: \"token\"}) "
                + "{ value } }");
        assertThat(revealed).contains(second);

        graphql("{ secretFieldVersions(secretId: \"" + secretId + "\", fieldKey: \"token\") { version at actor "
                + "{ displayName } } }");
        graphql("mutation { rollbackSecretField(input: {secretId: \"" + secretId + "\", fieldKey: \"token\", "
                + "toVersion: 1}) { secret { version fields { key masked value } } } }");
        graphql("mutation { rotateWorkspaceKey { fromKey toKey rewrapped } }");
        graphql("mutation { revealSecretField(input: {secretId: \"" + secretId + "\", fieldKey: \"tenant\"}) "
                + "{ value } }");
        graphql("mutation { revealSecretField(input: {secretId: \"" + secretId + "\", fieldKey: \"" + refused
                + "\"}) { value } }");
        graphql("mutation { confirmRevealVerification(input: {code: \"" + refused + "\"}) { unlockedUntil } }");
        graphql("{ secret(id: \"" + secretId + "\") { history(first: 50) { edges { node { summary changes "
                + "{ field change value } } } } } }");
        assertThat(post("mutation { revealSecretField(input: {secretId: \"" + secretId + "\", fieldKey: \"token\"}) "
                + "{ value } }")).as("rolled back and rotated, still readable").contains(first);

        List<String> events = Storage.eventPayloads(eventStore);
        List<String> documents = Storage.projectionDocuments(mongo, "secretledger");
        assertThat(String.join("\n", events)).as("control in events").contains(control);
        assertThat(String.join("\n", documents)).as("control in projections").contains(control);
        assertThat(Storage.filesContaining(DATA_DIR, control)).as("control in files").isNotEmpty();
        for (String canary : List.of(first, second, refused)) {
            assertThat(events).noneMatch(event -> event.contains(canary));
            assertThat(documents).noneMatch(document -> document.contains(canary));
            assertThat(Storage.filesContaining(DATA_DIR, canary)).isEmpty();
            assertThat(responses).noneMatch(response -> response.contains(canary));
            assertThat(log.getAll()).doesNotContain(canary);
        }
    }

    private String graphql(String document) {
        String body = post(document);
        responses.add(body);
        return body;
    }

    private String post(String document) {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build()
                .post().uri("/graphql").header("Authorization", "Bearer " + ownerToken())
                .header("Content-Type", "application/json").bodyValue(Map.of("query", document))
                .exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }
}
