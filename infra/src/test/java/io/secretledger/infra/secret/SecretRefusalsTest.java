package io.secretledger.infra.secret;

import io.secretledger.api.workspace.CreateWorkspace;
import io.secretledger.infra.support.LiveApplicationTest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.secretledger.infra.support.Refusals.assertSingle;
import static io.secretledger.infra.support.SecretSteps.createApiKeyTemplate;
import static io.secretledger.infra.support.SecretSteps.createSecret;
import static org.assertj.core.api.Assertions.assertThat;

/** Bad input, missing or bad credentials, foreign ids, conflicts and a failing store: each refused, nothing stored. */
class SecretRefusalsTest extends LiveApplicationTest {

    @Autowired
    private CommandGateway commands;

    private HttpGraphQlTester owner;
    private String templateId;

    @BeforeEach
    void setUp() {
        owner = asOwner();
        templateId = createApiKeyTemplate(owner);
    }

    @Test
    void anAnonymousCallIsUnauthenticatedAndChangesNothing() {
        long before = storedEvents();
        http(null).documentName("me").execute().errors()
                .satisfy(errors -> assertSingle(errors, "UNAUTHENTICATED", null));
        http(null).documentName("createSecret").variable("input", Map.of("templateId", templateId, "name", "anon"))
                .execute().errors().satisfy(errors -> assertSingle(errors, "UNAUTHENTICATED", null));
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aForgedOrExpiredTokenIsRefusedBeforeGraphQl() {
        String forged = tokens.mint(demo.workspaceId(), demo.ownerMemberId(), demo.ownerEmail(), Duration.ofMinutes(5));
        String[] parts = forged.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        String expired = tokens.mint(demo.workspaceId(), demo.ownerMemberId(), demo.ownerEmail(),
                java.time.Instant.now().minus(Duration.ofHours(2)), Duration.ofMinutes(5));
        String unsigned = parts[0].replace(parts[0], "eyJhbGciOiJub25lIn0") + "." + parts[1] + ".";
        for (String token : List.of(tampered, expired, unsigned)) {
            WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build()
                    .post().uri("/graphql").header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").bodyValue(Map.of("query", "{ me { memberId } }"))
                    .exchange()
                    .expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.errors[0].extensions.code").isEqualTo("UNAUTHENTICATED");
        }
    }

    @Test
    void aMissingRequiredArgumentIsAValidationErrorNamingTheField() {
        owner.documentName("secretWithoutId").execute().errors()
                .satisfy(errors -> assertSingle(errors, "VALIDATION", "secret"));
    }

    @Test
    void aDocumentWithThousandsOfAliasesIsRefusedBeforeItRuns() {
        StringBuilder document = new StringBuilder("query {");
        for (int i = 0; i < 2_000; i++) {
            document.append(" a").append(i).append(": me { memberId }");
        }
        owner.document(document.append(" }").toString()).execute().errors()
                .satisfy(errors -> assertSingle(errors, "VALIDATION", null));
    }

    @Test
    void anEmptyFormNamesEveryMissingFieldAndStoresNothing() {
        long before = storedEvents();
        owner.documentName("createSecret").variable("input", Map.of()).execute().errors().satisfy(errors -> {
            assertThat(errors).extracting(e -> e.getExtensions().get("code")).containsOnly("VALIDATION");
            assertThat(errors).extracting(e -> e.getExtensions().get("field"))
                    .containsExactlyInAnyOrder("name", "templateId");
        });
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void anUnknownTemplateIsNotFoundAndStoresNothing() {
        long before = storedEvents();
        owner.documentName("createSecret").variable("input", Map.of("templateId", UUID.randomUUID().toString(),
                "name", "orphan")).execute().errors().satisfy(errors -> assertSingle(errors, "NOT_FOUND", "templateId"));
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aMalformedIdIsAValidationErrorNamingTheField() {
        owner.documentName("secret").variable("id", "../../etc/passwd").execute().errors()
                .satisfy(errors -> assertSingle(errors, "VALIDATION", "id"));
        owner.documentName("revealSecretField").variable("input", Map.of("secretId", "42", "fieldKey", "token"))
                .execute().errors().satisfy(errors -> assertSingle(errors, "VALIDATION", "secretId"));
        owner.documentName("createSecret").variable("input", Map.of("templateId", "x", "name", "a"))
                .execute().errors().satisfy(errors -> assertSingle(errors, "VALIDATION", "templateId"));
    }

    @Test
    void aValueForAFieldTheTemplateDoesNotHaveIsRefused() {
        long before = storedEvents();
        owner.documentName("createSecret").variable("input", Map.of("templateId", templateId, "name", "extra-field",
                        "values", List.of(Map.of("key", "tenant", "value", "a"), Map.of("key", "token", "value", "b"),
                                Map.of("key", "colour", "value", "red"))))
                .execute().errors().satisfy(errors -> assertSingle(errors, "VALIDATION", "values.colour"));
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void twoEditsOfTheSameVersionGiveOneConflictAndLoseNothing() {
        String secretId = createSecret(owner, templateId, "conflicted-" + UUID.randomUUID(), "v1");
        owner.documentName("updateSecret").variable("input", Map.of("id", secretId, "expectedVersion", 0,
                "description", "first")).execute().path("updateSecret.secret.description").entity(String.class)
                .isEqualTo("first");
        owner.documentName("updateSecret").variable("input", Map.of("id", secretId, "expectedVersion", 0,
                "description", "second")).execute().errors().satisfy(errors -> {
                    assertSingle(errors, "CONFLICT", "expectedVersion");
                    assertThat(errors.get(0).getExtensions().get("currentVersion")).isEqualTo(1);
                });
        owner.documentName("secret").variable("id", secretId).execute()
                .path("secret.description").entity(String.class).isEqualTo("first");
    }

    @Test
    void anotherWorkspaceCannotSeeOrRevealASecret() {
        String secretId = createSecret(owner, templateId, "private-" + UUID.randomUUID(), "not-for-them");
        String otherWorkspace = UUID.randomUUID().toString();
        String otherOwner = UUID.randomUUID().toString();
        commands.sendAndWait(new CreateWorkspace(otherWorkspace, "Other", otherOwner, "other@example.com"));
        HttpGraphQlTester stranger = http(tokens.mint(otherWorkspace, otherOwner, "other@example.com",
                Duration.ofMinutes(5)));
        long before = storedEvents();

        stranger.documentName("secret").variable("id", secretId).execute().path("secret").valueIsNull();
        stranger.documentName("secrets").execute().path("secrets.edges").entityList(Object.class).hasSize(0);
        stranger.documentName("revealSecretField").variable("input", Map.of("secretId", secretId, "fieldKey", "token"))
                .execute().errors().satisfy(errors -> assertSingle(errors, "NOT_FOUND", "id"));
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aRevealThatCannotBeRecordedRevealsNothing() throws Exception {
        String secretId = createSecret(owner, templateId, "fail-closed-" + UUID.randomUUID(), "must-stay-hidden");
        long before = storedEvents();
        try (Connection connection = eventStore.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TRIGGER refuse_writes BEFORE INSERT ON DomainEventEntry FOR EACH ROW CALL '"
                    + RefuseAllWrites.class.getName() + "'");
        }
        try {
            String body = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build()
                    .post().uri("/graphql").header("Authorization", "Bearer " + ownerToken())
                    .header("Content-Type", "application/json")
                    .bodyValue(Map.of("query", "mutation { revealSecretField(input: {secretId: \"" + secretId
                            + "\", fieldKey: \"token\"}) { value } }"))
                    .exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(body).doesNotContain("must-stay-hidden").contains("\"code\":\"INTERNAL\"")
                    .contains("\"data\":null");
        } finally {
            try (Connection connection = eventStore.getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP TRIGGER refuse_writes");
            }
        }
        assertThat(storedEvents()).isEqualTo(before);
    }
}
