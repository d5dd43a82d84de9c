package io.secretledger.infra.audit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Sorts;
import io.secretledger.infra.support.DevMailbox;
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

    /**
     * Battery (issue 8, item 9): every projection reset and replayed at once, after a history with a mailed code,
     * stores what it stored before, appends nothing to the event store and sends no mail again.
     */
    @Test
    void canReplayEveryProjectionWithoutRepeatingASideEffect() {
        HttpGraphQlTester owner = asOwner();
        String templateId = SecretSteps.createApiKeyTemplate(owner);
        SecretSteps.createSecret(owner, templateId, "replayed-" + UUID.randomUUID(), "sk_" + UUID.randomUUID());
        String memberEmail = "replay-" + UUID.randomUUID() + "@demo.local";
        String memberId = owner.documentName("addMember").variable("input", Map.of("email", memberEmail,
                "role", "EDITOR")).execute().path("addMember.member.id").entity(String.class).get();
        String memberToken = tokens.mint(demo.workspaceId(), memberId, memberEmail, Duration.ofMinutes(10));
        http(memberToken).document("mutation { requestRevealVerification { sentTo } }").execute()
                .path("requestRevealVerification.sentTo").hasValue();
        await().atMost(Duration.ofSeconds(10)).until(() -> DevMailbox.messages(port, memberToken, json).size() == 1);
        HttpGraphQlTester operator = http(tokens.mintOperator(demo.workspaceId(), demo.ownerMemberId(),
                demo.ownerEmail(), Duration.ofMinutes(10)));
        List<String> projections = operator.document(STATUS).execute().path("projections[*].name")
                .entityList(String.class).get();
        projections.forEach(name -> awaitCaughtUp(operator, name));
        Map<String, List<String>> before = everyCollection();
        long events = storedEvents();

        for (String projection : projections) {
            operator.document(REBUILD).variable("name", projection).execute()
                    .path("rebuildProjection.name").entity(String.class).isEqualTo(projection);
        }
        projections.forEach(name -> awaitCaughtUp(operator, name));

        assertThat(projections).contains("secret-catalog", "audit-log", "workspace-directory");
        assertThat(everyCollection()).as("every projection as it was").isEqualTo(before);
        assertThat(storedEvents()).as("nothing appended by a replay").isEqualTo(events);
        assertThat(DevMailbox.messages(port, memberToken, json)).as("no mail sent again").hasSize(1);
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

    /** Every projection collection's documents (the processors' own tokens left out: replays move them). */
    private Map<String, List<String>> everyCollection() {
        Map<String, List<String>> all = new java.util.TreeMap<>();
        for (String name : mongo.getDatabase("secretledger").listCollectionNames()) {
            if (!name.equals("trackingtokens")) {
                all.put(name, documents(name));
            }
        }
        return all;
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
