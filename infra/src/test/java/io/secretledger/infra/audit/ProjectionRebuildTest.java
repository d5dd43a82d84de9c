package io.secretledger.infra.audit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Sorts;
import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.SecretSteps;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An operator rebuilds a projection from the event store; the rebuilt one equals the one it replaced. */
@ExtendWith(OutputCaptureExtension.class)
class ProjectionRebuildTest extends LiveApplicationTest {

    private static final String STATUS = "{ projections { name running replaying caughtUp position replayUpTo progress error } }";
    private static final String REBUILD = """
            mutation($name: String!) { rebuildProjection(input: {name: $name}) { name running } }""";

    @Autowired
    private MongoClient mongo;

    @Test
    void canRebuildTheSecretListsAndTheAuditLogToWhatTheyWere(CapturedOutput output) {
        HttpGraphQlTester owner = asOwner();
        String templateId = SecretSteps.createApiKeyTemplate(owner);
        for (int i = 0; i < 3; i++) {
            String secretId = SecretSteps.createSecret(owner, templateId, "rebuild-" + i + "-" + UUID.randomUUID(),
                    "sk_" + UUID.randomUUID());
            owner.documentName("revealSecretField").variable("input", Map.of("secretId", secretId, "fieldKey", "token"))
                    .execute();
        }
        HttpGraphQlTester operator = http(tokens.mintOperator(demo.workspaceId(), demo.ownerMemberId(),
                demo.ownerEmail(), Duration.ofMinutes(10)));
        awaitCaughtUp(operator, "audit-log");
        awaitCaughtUp(operator, "secret-catalog");

        for (String projection : List.of("secret-catalog", "audit-log")) {
            String collection = projection.equals("audit-log") ? "audit-ndjson" : "secrets";
            List<String> before = documents(collection);
            String listed = owner.document("{ secrets(first: 100) { edges { node { id name version revealCount } } } }")
                    .execute().returnResponse().toString();

            operator.document(REBUILD).variable("name", projection).execute()
                    .path("rebuildProjection.name").entity(String.class).isEqualTo(projection);
            awaitCaughtUp(operator, projection);

            assertThat(documents(collection)).as(projection + " rebuilt").containsExactlyElementsOf(before);
            assertThat(owner.document("{ secrets(first: 100) { edges { node { id name version revealCount } } } }")
                    .execute().returnResponse().toString()).isEqualTo(listed);
        }
        assertThat(output.getAll()).contains("Rebuilding projection secret-catalog", "Rebuilding projection audit-log");
        await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().contains("Rebuilt projection audit-log"));
        assertThat(owner.documentName("verifyAuditChain").execute().path("verifyAuditChain.intact")
                .entity(Boolean.class).get()).isTrue();
    }

    @Test
    void cannotRebuildWithoutAnOperatorTokenOrAnUnknownProjection() {
        asOwner().document(REBUILD).variable("name", "secret-catalog").execute().errors()
                .expect(error -> "FORBIDDEN".equals(error.getExtensions().get("code"))).verify();
        asOwner().document(STATUS).execute().errors()
                .expect(error -> "FORBIDDEN".equals(error.getExtensions().get("code"))).verify();
        http(tokens.mintOperator(demo.workspaceId(), demo.ownerMemberId(), demo.ownerEmail(), Duration.ofMinutes(5)))
                .document(REBUILD).variable("name", "no-such-projection").execute().errors()
                .expect(error -> "NOT_FOUND".equals(error.getExtensions().get("code"))
                        && "name".equals(error.getExtensions().get("field"))).verify();
    }

    private void awaitCaughtUp(HttpGraphQlTester operator, String name) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<Map<String, Object>> all = operator.document(STATUS).execute().path("projections")
                    .entityList(new ParameterizedTypeReference<Map<String, Object>>() {
                    }).get();
            return all.stream().anyMatch(status -> name.equals(status.get("name"))
                    && Boolean.TRUE.equals(status.get("caughtUp")) && Boolean.FALSE.equals(status.get("replaying"))
                    && status.get("error") == null);
        });
    }

    private List<String> documents(String collection) {
        List<String> documents = new ArrayList<>();
        for (Document document : mongo.getDatabase("secretledger").getCollection(collection).find()
                .sort(Sorts.ascending("_id"))) {
            documents.add(document.toJson());
        }
        documents.sort(String::compareTo);
        return documents;
    }
}
