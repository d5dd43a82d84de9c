package io.secretledger.infra.audit;

import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.SecretSteps;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** secretAsOf answers from the secret's events, as it was at each instant, never from today's read model. */
class PointInTimeTest extends LiveApplicationTest {

    @Test
    void canShowASecretAsItWasAtSeveralInstantsWithSensitiveValuesMasked() throws Exception {
        HttpGraphQlTester owner = asOwner();
        String firstToken = "sk_then_" + UUID.randomUUID();
        String secondToken = "sk_now_" + UUID.randomUUID();
        Instant beforeCreation = Instant.now().minusSeconds(1);
        String templateId = SecretSteps.createApiKeyTemplate(owner);
        String secretId = SecretSteps.createSecret(owner, templateId, "asof-" + UUID.randomUUID(), firstToken);
        Thread.sleep(5);
        Instant afterCreation = Instant.now();
        Thread.sleep(5);
        owner.documentName("revealSecretField").variable("input", Map.of("secretId", secretId, "fieldKey", "token"))
                .execute();
        owner.documentName("updateSecret").variable("input", Map.of("id", secretId, "expectedVersion", 1,
                        "description", "moved to globex", "values", List.of(Map.of("key", "tenant", "value", "globex"),
                                Map.of("key", "token", "value", secondToken))))
                .execute().path("updateSecret.secret.id").hasValue();
        owner.document("mutation($id: ID!) { setSecretActive(input: {secretId: $id, active: false}) { secret { id } } }")
                .variable("id", secretId).execute().path("setSecretActive.secret.id").hasValue();
        Thread.sleep(5);
        Instant afterChanges = Instant.now();

        var then = owner.documentName("secretAsOf").variable("id", secretId).variable("at", afterCreation.toString())
                .execute();
        then.path("secretAsOf.fields[0].value").entity(String.class).isEqualTo("acme")
                .path("secretAsOf.fields[1].masked").entity(Boolean.class).isEqualTo(true)
                .path("secretAsOf.fields[1].value").valueIsNull()
                .path("secretAsOf.fields[1].version").entity(Integer.class).isEqualTo(1)
                .path("secretAsOf.active").entity(Boolean.class).isEqualTo(true)
                .path("secretAsOf.revealCount").entity(Integer.class).isEqualTo(0)
                .path("secretAsOf.version").entity(Integer.class).isEqualTo(0);

        var now = owner.documentName("secretAsOf").variable("id", secretId).variable("at", afterChanges.toString())
                .execute();
        now.path("secretAsOf.fields[0].value").entity(String.class).isEqualTo("globex")
                .path("secretAsOf.fields[1].version").entity(Integer.class).isEqualTo(2)
                .path("secretAsOf.description").entity(String.class).isEqualTo("moved to globex")
                .path("secretAsOf.active").entity(Boolean.class).isEqualTo(false)
                .path("secretAsOf.revealCount").entity(Integer.class).isEqualTo(1);
        assertThat(then.returnResponse().toString() + now.returnResponse()).doesNotContain(firstToken, secondToken);

        owner.documentName("secretAsOf").variable("id", secretId).variable("at", beforeCreation.toString()).execute()
                .errors().expect(error -> "VALIDATION".equals(error.getExtensions().get("code"))
                        && "at".equals(error.getExtensions().get("field"))).verify();
        String memberId = owner.documentName("addMember").variable("input", Map.of("email",
                        "outsider-" + UUID.randomUUID() + "@example.com", "permissions", List.of("VIEW_ASSIGNED")))
                .execute().path("addMember.member.id").entity(String.class).get();
        owner.documentName("changeWorkspaceSettings").variable("input", Map.of("clientSecretsEnabled", true,
                "restrictToAssignedUsers", true, "requireEmailVerification", false)).execute();
        try {
            http(tokens.mint(demo.workspaceId(), memberId, "outsider@example.com", Duration.ofMinutes(5)))
                    .documentName("secretAsOf").variable("id", secretId).variable("at", afterChanges.toString())
                    .execute().path("secretAsOf").valueIsNull();
        } finally {
            owner.documentName("changeWorkspaceSettings").variable("input", Map.of("clientSecretsEnabled", true,
                    "restrictToAssignedUsers", false, "requireEmailVerification", false)).execute();
        }
    }
}
