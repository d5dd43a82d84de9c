package io.secretledger.infra.battery;

import io.secretledger.infra.support.Canaries;
import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.SecretSteps;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Battery (issue 8, item 10): two members edit one secret at the same time, each from the version it read. Every
 * edit is either acknowledged and in the secret's history, or refused with CONFLICT and absent: none is lost.
 */
class ConcurrentEditsTest extends LiveApplicationTest {

    private static final int EDITS_EACH = 25;

    @Test
    void canLoseNoEditWhenTwoMembersEditOneSecretAtOnce() throws Exception {
        HttpGraphQlTester owner = asOwner();
        String secretId = SecretSteps.createSecret(owner, SecretSteps.createApiKeyTemplate(owner),
                "contended-" + UUID.randomUUID(), Canaries.plant("concurrent"));
        String adminEmail = "admin-" + UUID.randomUUID() + "@demo.local";
        String adminId = owner.documentName("addMember").variable("input", Map.of("email", adminEmail, "role", "ADMIN"))
                .execute().path("addMember.member.id").entity(String.class).get();
        HttpGraphQlTester admin = http(tokens.mint(demo.workspaceId(), adminId, adminEmail, Duration.ofMinutes(10)));

        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService editors = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Map.Entry<String, HttpGraphQlTester> editor : Map.of("owner", owner, "admin", admin).entrySet()) {
                done.add(editors.submit(() -> {
                    for (int i = 0; i < EDITS_EACH; i++) {
                        String tenant = editor.getKey() + "-" + i;
                        int version = owner.document("query($id: ID!) { secret(id: $id) { version } }")
                                .variable("id", secretId).execute().path("secret.version").entity(Integer.class).get();
                        List<ResponseError> errors = new ArrayList<>();
                        editor.getValue().documentName("updateSecret").variable("input", Map.of("id", secretId,
                                        "expectedVersion", version, "values", List.of(Map.of("key", "tenant",
                                                "value", tenant))))
                                .execute().errors().satisfy(errors::addAll);
                        if (errors.isEmpty()) {
                            acknowledged.add(tenant);
                        } else {
                            assertThat(errors).singleElement().satisfies(error -> assertThat(
                                    error.getExtensions()).containsEntry("code", "CONFLICT")
                                    .containsEntry("field", "expectedVersion"));
                            conflicts.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> editor : done) {
                editor.get();
            }
        } finally {
            editors.shutdownNow();
        }

        List<String> inHistory = new ArrayList<>();
        for (Map<?, ?> entry : owner.document("""
                        query($id: ID!) { secret(id: $id) { version history(first: 100, order: OLDEST_FIRST) {
                          edges { node { type changes { field change value } } } } } }""")
                .variable("id", secretId).execute().path("secret.history.edges[*].node").entityList(Map.class).get()) {
            if ("EDITED".equals(entry.get("type"))) {
                for (Object change : (List<?>) entry.get("changes")) {
                    if ("tenant".equals(((Map<?, ?>) change).get("field"))) {
                        inHistory.add((String) ((Map<?, ?>) change).get("value"));
                    }
                }
            }
        }
        assertThat(acknowledged.size() + conflicts.get()).isEqualTo(2 * EDITS_EACH);
        assertThat(inHistory).as("every acknowledged edit, once, and nothing else")
                .containsExactlyInAnyOrderElementsOf(acknowledged);
        String finalTenant = owner.document("query($id: ID!) { secret(id: $id) { fields { key value } } }")
                .variable("id", secretId).execute().path("secret.fields[?(@.key == 'tenant')].value")
                .entityList(String.class).get().get(0);
        assertThat(finalTenant).isEqualTo(inHistory.get(inHistory.size() - 1));
    }
}
