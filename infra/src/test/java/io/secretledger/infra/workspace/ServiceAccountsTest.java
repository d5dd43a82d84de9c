package io.secretledger.infra.workspace;

import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.Storage;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.secretledger.infra.support.SecretSteps.createApiKeyTemplate;
import static io.secretledger.infra.support.SecretSteps.createSecret;
import static org.assertj.core.api.Assertions.assertThat;

/** Integrations: service accounts with long-lived, revocable API tokens kept only as hashes. */
class ServiceAccountsTest extends LiveApplicationTest {

    @Test
    void anIntegrationRegistersTicketsWithItsTokenUntilTheTokenIsRevoked() {
        HttpGraphQlTester owner = asOwner();
        String secretId = createSecret(owner, createApiKeyTemplate(owner), "integration-" + UUID.randomUUID(), "sk_i");
        String accountId = owner.documentName("createServiceAccount").variable("input", Map.of("name", "Helpdesk sync",
                        "scopes", List.of("TICKETS"))).execute()
                .path("createServiceAccount.serviceAccount.id").entity(String.class).get();
        var issued = owner.documentName("issueServiceAccountToken").variable("serviceAccountId", accountId).execute();
        String token = issued.path("issueServiceAccountToken.token").entity(String.class).get();
        String tokenId = issued.path("issueServiceAccountToken.tokenId").entity(String.class).get();
        assertThat(token).startsWith("slsa." + demo.workspaceId() + "." + tokenId + ".");
        String secretPart = token.substring(token.lastIndexOf('.') + 1);

        HttpGraphQlTester integration = http(token);
        integration.documentName("me").execute().path("me.type").entity(String.class).isEqualTo("SERVICE_ACCOUNT")
                .path("me.memberId").entity(String.class).isEqualTo(accountId);
        integration.documentName("registerTicket").variable("input", Map.of("reference", "HD-77",
                "memberIds", List.of(demo.ownerMemberId()))).execute()
                .path("registerTicket.ticketId").entity(String.class).satisfies(id -> assertThat(id).isNotBlank());
        long before = storedEvents();
        integration.documentName("revealSecretField").variable("input", Map.of("secretId", secretId,
                "fieldKey", "token")).execute().errors().satisfy(errors ->
                assertThat(errors.get(0).getExtensions()).containsEntry("code", "FORBIDDEN"));
        integration.documentName("createServiceAccount").variable("input", Map.of("name", "Escalated",
                "scopes", List.of("TICKETS"))).execute().errors().satisfy(errors ->
                assertThat(errors.get(0).getExtensions()).containsEntry("code", "FORBIDDEN"));
        assertThat(storedEvents()).as("the refused reveal alone, recorded for the audit trail").isEqualTo(before + 1);
        assertThat(Storage.eventPayloads(eventStore)).anyMatch(event -> event.contains(tokenId))
                .noneMatch(event -> event.contains(secretPart));

        String tampered = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        assertRefused(tampered);
        owner.documentName("revokeServiceAccountToken").variable("serviceAccountId", accountId)
                .variable("tokenId", tokenId).execute()
                .path("revokeServiceAccountToken.tokenId").entity(String.class).isEqualTo(tokenId);
        assertRefused(token);
    }

    private void assertRefused(String token) {
        WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build()
                .post().uri("/graphql").header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").bodyValue(Map.of("query", "{ me { memberId } }"))
                .exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.errors[0].extensions.code").isEqualTo("UNAUTHENTICATED");
    }
}
