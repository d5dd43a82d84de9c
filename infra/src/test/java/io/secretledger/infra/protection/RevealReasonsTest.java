package io.secretledger.infra.protection;

import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.secretledger.infra.support.Refusals.assertSingle;
import static io.secretledger.infra.support.SecretSteps.createApiKeyTemplate;
import static io.secretledger.infra.support.SecretSteps.createSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 20 item 2 over real GraphQL and HTTP: a workspace that asks for a reason and an open ticket of the member's
 * own before every reveal refuses what lacks them, storing nothing, and records the reason and ticket with the
 * reveal, in the audit log and in its export.
 */
class RevealReasonsTest extends LiveApplicationTest {

    private HttpGraphQlTester owner;
    private String secretId;
    private String memberId;
    private HttpGraphQlTester member;
    private String ownTicket;
    private String othersTicket;

    @BeforeEach
    void setUp() {
        owner = asOwner();
        secretId = createSecret(owner, createApiKeyTemplate(owner), "reasoned-" + UUID.randomUUID(),
                "sk_reasoned_" + UUID.randomUUID());
        String email = "reasoned-" + UUID.randomUUID() + "@demo.local";
        memberId = owner.documentName("addMember").variable("input", Map.of("email", email, "role", "EDITOR"))
                .execute().path("addMember.member.id").entity(String.class).get();
        member = http(tokens.mint(demo.workspaceId(), memberId, email, Duration.ofMinutes(10)));
        ownTicket = registerTicket(List.of(memberId));
        othersTicket = registerTicket(List.of());
        controls(true);
    }

    @AfterEach
    void tearDown() {
        controls(false);
    }

    @Test
    void aRevealWithoutAReasonOrATicketIsRefusedAndStoresNothing() {
        long before = storedEvents();
        reveal(null, null).errors().satisfy(errors -> {
            assertThat(errors).extracting(error -> error.getExtensions().get("code")).containsOnly("VALIDATION");
            assertThat(errors).extracting(error -> error.getExtensions().get("field"))
                    .containsExactlyInAnyOrder("reason", "ticketId");
        });
        reveal(ownTicket, "x".repeat(501)).errors().satisfy(errors -> assertSingle(errors, "VALIDATION", "reason"));
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aRevealIsRecordedWithItsReasonAndTicketInTheAuditLogAndTheExport() throws Exception {
        reveal(ownTicket, "Customer locked out of the payment portal").path("revealSecretField.value")
                .entity(String.class).satisfies(value -> assertThat(value).startsWith("sk_reasoned_"));

        assertThat(Storage.eventPayloads(eventStore))
                .filteredOn(event -> event.startsWith("io.secretledger.api.secret.SecretRevealed"))
                .filteredOn(event -> event.contains(secretId)).singleElement().asString()
                .contains("\"reason\":\"Customer locked out of the payment portal\"")
                .contains("\"ticketId\":\"" + ownTicket + "\"");
        Map<String, Object> entry = await().atMost(Duration.ofSeconds(10)).until(() -> revealEntry(), e -> e != null);
        assertThat(entry).containsEntry("ticketId", ownTicket)
                .containsEntry("result", "revealed: Customer locked out of the payment portal");

        HttpResponse<String> export = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://localhost:" + port + "/audit/export?secretId=" + secretId + "&action=SecretRevealed"))
                .header("Authorization", "Bearer " + ownerToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.body().lines().toList()).singleElement().asString()
                .contains("\"ticketId\":\"" + ownTicket + "\"")
                .contains("revealed: Customer locked out of the payment portal");
    }

    @Test
    void theTicketMustBeOpenAndTheMembersOwn() {
        reveal(othersTicket, "checking the tenant").errors().satisfy(errors -> assertSingle(errors, "FORBIDDEN", null));
        owner.documentName("updateTicket").variable("input", Map.of("ticketId", ownTicket, "status", "CLOSED"))
                .execute().path("updateTicket.ticketId").entity(String.class).isEqualTo(ownTicket);
        long before = storedEvents();
        reveal(ownTicket, "checking the tenant").errors().satisfy(errors -> assertSingle(errors, "VALIDATION",
                "ticketId"));
        assertThat(storedEvents()).isEqualTo(before);
        owner.documentName("updateTicket").variable("input", Map.of("ticketId", ownTicket, "status", "OPEN"))
                .execute();
        reveal(ownTicket, "checking the tenant").path("revealSecretField.grant").entity(String.class)
                .isEqualTo("permission:VIEW_ALL");
    }

    private GraphQlTester.Response reveal(String ticketId, String reason) {
        Map<String, Object> input = new HashMap<>();
        input.put("secretId", secretId);
        input.put("fieldKey", "token");
        input.put("ticketId", ticketId);
        input.put("reason", reason);
        return member.documentName("revealSecretField").variable("input", input).execute();
    }

    private Map<String, Object> revealEntry() {
        List<Map<String, Object>> entries = owner.documentName("auditLog").variable("first", 50)
                .variable("filter", Map.of("secretId", secretId, "action", "SecretRevealed")).execute()
                .path("auditLog.edges[*].node").entityList(Object.class).get().stream()
                .map(node -> cast(node)).toList();
        return entries.isEmpty() ? null : entries.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object node) {
        return (Map<String, Object>) node;
    }

    private String registerTicket(List<String> memberIds) {
        return owner.documentName("registerTicket").variable("input", Map.of("reference", "HD-" + UUID.randomUUID(),
                "memberIds", memberIds)).execute().path("registerTicket.ticketId").entity(String.class).get();
    }

    private void controls(boolean on) {
        owner.documentName("changeWorkspaceSettings").variable("input", Map.of("clientSecretsEnabled", true,
                        "restrictToAssignedUsers", false, "requireEmailVerification", false,
                        "requireRevealReason", on, "requireRevealTicket", on, "requireOwnOpenTicket", on))
                .execute().path("changeWorkspaceSettings.workspace.settings.requireOwnOpenTicket")
                .entity(Boolean.class).isEqualTo(on);
    }
}
