package io.secretledger.infra.battery;

import io.secretledger.api.workspace.CreateWorkspace;
import io.secretledger.infra.support.Canaries;
import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.SecretSteps;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import reactor.core.Disposable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Battery (issue 8, item 5): the owner of another workspace tries every operation with every id of this one -
 * secret, template, ticket, member, service account and token, integration, file - over GraphQL, HTTP and
 * WebSocket: nothing of this workspace comes back and no event is appended. Then every member of every role tries
 * every role and permission change: no one gains a permission they did not have.
 */
class TwoWorkspacesTest extends LiveApplicationTest {

    @Autowired
    private CommandGateway commands;

    @Test
    void canKeepEveryIdOfOneWorkspaceFromTheOwnerOfAnother() throws Exception {
        HttpGraphQlTester owner = asOwner();
        String canary = Canaries.plant("two-workspaces");
        String secretName = "ours-" + UUID.randomUUID();
        String templateId = SecretSteps.createApiKeyTemplate(owner);
        String secretId = SecretSteps.createSecret(owner, templateId, secretName, canary);
        String ticketReference = "TICKET-" + UUID.randomUUID();
        String ticketId = owner.document("mutation($input: RegisterTicketInput!) { registerTicket(input: $input) "
                + "{ ticketId } }").variable("input", Map.of("reference", ticketReference))
                .execute().path("registerTicket.ticketId").entity(String.class).get();
        String memberEmail = "ours-" + UUID.randomUUID() + "@demo.local";
        String memberId = owner.documentName("addMember").variable("input", Map.of("email", memberEmail,
                "role", "EDITOR")).execute().path("addMember.member.id").entity(String.class).get();
        String accountName = "ours-" + UUID.randomUUID();
        String accountId = owner.document("mutation($input: CreateServiceAccountInput!) { createServiceAccount("
                        + "input: $input) { serviceAccount { id } } }")
                .variable("input", Map.of("name", accountName, "scopes", List.of("USE_SECRETS")))
                .execute().path("createServiceAccount.serviceAccount.id").entity(String.class).get();
        Map<?, ?> issued = owner.documentName("issueServiceAccountToken").variable("serviceAccountId", accountId)
                .execute().path("issueServiceAccountToken").entity(Map.class).get();
        String tokenId = (String) issued.get("tokenId");
        Canaries.remember((String) issued.get("token"));

        String strangerWorkspace = UUID.randomUUID().toString();
        String strangerId = UUID.randomUUID().toString();
        commands.sendAndWait(new CreateWorkspace(strangerWorkspace, "Theirs", strangerId, "them@example.com"));
        String strangerToken = tokens.mint(strangerWorkspace, strangerId, "them@example.com", Duration.ofMinutes(10));
        HttpGraphQlTester stranger = http(strangerToken);
        List<String> ours = List.of(canary, secretName, ticketReference, memberEmail, accountName, demo.ownerEmail(),
                demo.workspaceId());
        String at = Instant.now().toString();
        long events = storedEvents();

        Map<String, String> operations = new LinkedHashMap<>();
        operations.put("secret", "{ secret(id: \"" + secretId + "\") { id name description fields { key value } } }");
        operations.put("secretAsOf", "{ secretAsOf(id: \"" + secretId + "\", at: \"" + at + "\") { id name } }");
        operations.put("secrets", "{ secrets(first: 100) { edges { node { id name } } } }");
        operations.put("secrets by template", "{ secrets(first: 100, templateId: \"" + templateId
                + "\") { edges { node { id name } } } }");
        operations.put("template", "{ template(id: \"" + templateId + "\") { id name fields { key } } }");
        operations.put("templates", "{ templates(first: 100) { edges { node { id name } } } }");
        operations.put("explainAccess", "{ explainAccess(secretId: \"" + secretId + "\", memberId: \"" + memberId
                + "\") { canView viewGrants { __typename } } }");
        operations.put("secretFieldVersions", "{ secretFieldVersions(secretId: \"" + secretId
                + "\", fieldKey: \"token\") { version } }");
        operations.put("whoCouldReveal", "{ whoCouldReveal(secretId: \"" + secretId + "\", at: \"" + at
                + "\") { members { memberId } } }");
        operations.put("auditLog", "{ auditLog(first: 100, filter: {secretId: \"" + secretId
                + "\"}) { edges { node { action targetId } } } }");
        operations.put("workspace", "{ workspace { id name members { email } serviceAccounts { name } } }");
        operations.put("revealSecretField", mutation("revealSecretField", "secretId: \"" + secretId
                + "\", fieldKey: \"token\"", "value"));
        operations.put("revealSecretField on our ticket", mutation("revealSecretField", "secretId: \"" + secretId
                + "\", fieldKey: \"token\", ticketId: \"" + ticketId + "\"", "value"));
        operations.put("updateSecret", mutation("updateSecret", "id: \"" + secretId
                + "\", expectedVersion: 0, description: \"theirs\"", "secret { id }"));
        operations.put("changeSecretAccess", mutation("changeSecretAccess", "secretId: \"" + secretId
                + "\", assignedMemberIds: [\"" + strangerId + "\"]", "secretId"));
        operations.put("changeSecretRelations", mutation("changeSecretRelations", "secretId: \"" + secretId
                + "\", relatedTicketIds: [\"" + ticketId + "\"]", "secretId"));
        operations.put("setSecretActive", mutation("setSecretActive", "secretId: \"" + secretId
                + "\", active: false", "secret { id }"));
        operations.put("setSecretExpiration", mutation("setSecretExpiration", "secretId: \"" + secretId
                + "\", expiresAt: \"" + at + "\"", "secret { id }"));
        operations.put("deleteSecret", mutation("deleteSecret", "secretId: \"" + secretId + "\", force: true",
                "secret { id }"));
        operations.put("restoreSecret", mutation("restoreSecret", "secretId: \"" + secretId + "\"", "secret { id }"));
        operations.put("purgeSecret", mutation("purgeSecret", "secretId: \"" + secretId + "\", confirmName: \""
                + secretName + "\"", "secretId"));
        operations.put("rollbackSecretField", mutation("rollbackSecretField", "secretId: \"" + secretId
                + "\", fieldKey: \"token\", toVersion: 1", "secret { id }"));
        operations.put("linkSecretToTicket", mutation("linkSecretToTicket", "secretId: \"" + secretId
                + "\", ticketId: \"" + ticketId + "\"", "secret { id }"));
        operations.put("unlinkSecretFromTicket", mutation("unlinkSecretFromTicket", "secretId: \"" + secretId
                + "\", ticketId: \"" + ticketId + "\"", "secret { id }"));
        operations.put("createSecret from our template", mutation("createSecret", "templateId: \"" + templateId
                + "\", name: \"x-" + UUID.randomUUID() + "\", values: [{key: \"tenant\", value: \"a\"}, "
                + "{key: \"token\", value: \"b\"}]", "secret { id }"));
        operations.put("updateTemplate", mutation("updateTemplate", "id: \"" + templateId + "\", name: \"theirs\"",
                "template { id }"));
        operations.put("addTemplateField", mutation("addTemplateField", "templateId: \"" + templateId
                + "\", field: {key: \"extra\", label: \"Extra\", type: TEXT}", "template { id }"));
        operations.put("changeTemplateField", mutation("changeTemplateField", "templateId: \"" + templateId
                + "\", field: {key: \"tenant\", label: \"Renamed\", type: TEXT}", "template { id }"));
        operations.put("removeTemplateField", mutation("removeTemplateField", "templateId: \"" + templateId
                + "\", key: \"tenant\"", "template { id }"));
        operations.put("reorderTemplateFields", mutation("reorderTemplateFields", "templateId: \"" + templateId
                + "\", keys: [\"token\", \"tenant\"]", "template { id }"));
        operations.put("archiveTemplate", mutation("archiveTemplate", "templateId: \"" + templateId + "\"",
                "template { id }"));
        operations.put("updateTicket", mutation("updateTicket", "ticketId: \"" + ticketId + "\", memberIds: [\""
                + strangerId + "\"]", "ticketId"));
        operations.put("removeMember", mutation("removeMember", "memberId: \"" + memberId + "\"", "memberId"));
        operations.put("changeMemberPermissions", mutation("changeMemberPermissions", "memberId: \"" + memberId
                + "\", role: OWNER", "member { id }"));
        operations.put("changeMemberProfile", mutation("changeMemberProfile", "memberId: \"" + memberId
                + "\", title: \"theirs\"", "member { id }"));
        operations.put("issueMemberToken", mutation("issueMemberToken", "memberId: \"" + demo.ownerMemberId()
                + "\"", "token"));
        operations.put("issueServiceAccountToken", mutation("issueServiceAccountToken", "serviceAccountId: \""
                + accountId + "\"", "token"));
        operations.put("revokeServiceAccountToken", mutation("revokeServiceAccountToken", "serviceAccountId: \""
                + accountId + "\", tokenId: \"" + tokenId + "\"", "tokenId"));
        operations.put("encryptWithKey by our secret's name", mutation("encryptWithKey", "keyRef: \"" + secretName
                + "/token\", plaintext: \"x\"", "ciphertext"));

        List<String> answers = new ArrayList<>();
        for (Map.Entry<String, String> operation : operations.entrySet()) {
            HttpResponse<String> answer = post(strangerToken, operation.getValue());
            assertThat(answer.statusCode()).as(operation.getKey()).isLessThan(500);
            assertThat(answer.body()).as(operation.getKey()).doesNotContain("INTERNAL");
            if (!operation.getKey().equals("workspace")) {
                assertRefusedOrEmpty(operation.getKey(), answer.body());
            }
            for (String mine : ours) {
                assertThat(answer.body()).as(operation.getKey() + " answered something of ours").doesNotContain(mine);
            }
            answers.add(answer.body());
        }
        for (String path : List.of("/secrets/" + secretId + "/files/token", "/audit/export?secretId=" + secretId)) {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + strangerToken)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(path).isLessThan(500);
            ours.forEach(mine -> assertThat(answer.body()).as(path).doesNotContain(mine));
        }
        for (String subscription : List.of("subscription { secretChanged(id: \"" + secretId + "\") { id name } }",
                "subscription { ticketPanelChanged(ticketId: \"" + ticketId + "\") { id name } }")) {
            BlockingQueue<Object> received = new LinkedBlockingQueue<>();
            Disposable watch = webSocket(strangerToken).document(subscription).executeSubscription()
                    .toFlux().subscribe(received::add, received::add);
            try {
                Object first = received.poll(20, TimeUnit.SECONDS);
                assertThat(first).as(subscription).isInstanceOf(Throwable.class);
                ours.forEach(mine -> assertThat(first.toString()).doesNotContain(mine));
            } finally {
                watch.dispose();
            }
        }

        assertThat(storedEvents()).as("no event appended by the other workspace's owner").isEqualTo(events);
        assertThat(answers).hasSize(operations.size());
        owner.documentName("secret").variable("id", secretId).execute().path("secret.name").entity(String.class)
                .isEqualTo(secretName);
    }

    @Test
    void canLetNoRoleRaiseItsOwnPermissions() throws Exception {
        HttpGraphQlTester owner = asOwner();
        Map<String, Object> grants = new LinkedHashMap<>();
        grants.put("ADMIN", Map.of("role", "ADMIN"));
        grants.put("EDITOR", Map.of("role", "EDITOR"));
        grants.put("MODIFY_ASSIGNED", Map.of("permissions", List.of("VIEW_ASSIGNED", "MODIFY_ASSIGNED")));
        grants.put("VIEW_ASSIGNED", Map.of("permissions", List.of("VIEW_ASSIGNED")));
        Map<String, String> members = new LinkedHashMap<>();
        for (Map.Entry<String, Object> grant : grants.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> input = new LinkedHashMap<>((Map<String, Object>) grant.getValue());
            String email = grant.getKey().toLowerCase() + "-" + UUID.randomUUID() + "@demo.local";
            input.put("email", email);
            members.put(email, owner.documentName("addMember").variable("input", input).execute()
                    .path("addMember.member.id").entity(String.class).get());
        }
        Map<String, List<String>> before = permissions(owner);
        long events = storedEvents();

        for (Map.Entry<String, String> member : members.entrySet()) {
            String token = tokens.mint(demo.workspaceId(), member.getValue(), member.getKey(), Duration.ofMinutes(10));
            String self = member.getValue();
            List<String> attempts = new ArrayList<>();
            for (String role : List.of("OWNER", "ADMIN", "EDITOR")) {
                attempts.add(mutation("changeMemberPermissions", "memberId: \"" + self + "\", role: " + role,
                        "member { id }"));
                attempts.add(mutation("addMember", "email: \"new-" + UUID.randomUUID() + "@demo.local\", role: "
                        + role, "member { id }"));
            }
            for (String permission : List.of("ACCOUNT_OWNER", "MODIFY_ALL", "VIEW_ALL")) {
                attempts.add(mutation("changeMemberPermissions", "memberId: \"" + self + "\", permissions: ["
                        + permission + "]", "member { id }"));
            }
            attempts.add(mutation("issueMemberToken", "memberId: \"" + demo.ownerMemberId() + "\"", "token"));
            attempts.add(mutation("createServiceAccount", "name: \"sa-" + UUID.randomUUID()
                    + "\", scopes: [USE_SECRETS, TICKETS]", "serviceAccount { id }"));
            attempts.add(mutation("changeWorkspaceSettings", "clientSecretsEnabled: true, "
                    + "restrictToAssignedUsers: false, requireEmailVerification: false", "workspace { id }"));
            attempts.add(mutation("removeMember", "memberId: \"" + demo.ownerMemberId() + "\"", "memberId"));
            for (String attempt : attempts) {
                HttpResponse<String> answer = post(token, attempt);
                assertThat(answer.body()).as(member.getKey() + ": " + attempt).contains("\"FORBIDDEN\"")
                        .doesNotContain("\"token\":\"ey");
            }
        }

        assertThat(permissions(owner)).as("every member's permissions as they were").isEqualTo(before);
        assertThat(storedEvents()).as("nothing changed").isEqualTo(events);
    }

    /**
     * The operation reached its resolver and was refused as not found or forbidden, or answered nothing: a
     * document the schema rejects (a wrong selection in this test) would prove nothing, so it fails the test.
     */
    private void assertRefusedOrEmpty(String operation, String body) throws Exception {
        com.fasterxml.jackson.databind.JsonNode answer = json.readTree(body);
        if (answer.path("errors").isEmpty()) {
            assertThat(answer.path("data").toString()).as(operation).matches(
                    "\\{\"[a-zA-Z]+\":(null|\\{\"edges\":\\[\\]\\}|\\[\\])\\}");
            return;
        }
        for (com.fasterxml.jackson.databind.JsonNode error : answer.path("errors")) {
            assertThat(error.path("extensions").path("code").asText()).as(operation + ": " + error)
                    .isIn("NOT_FOUND", "FORBIDDEN");
        }
    }

    private Map<String, List<String>> permissions(HttpGraphQlTester owner) {
        Map<String, List<String>> permissions = new LinkedHashMap<>();
        for (Map<?, ?> member : owner.document("{ workspace { members { id permissions } } }").execute()
                .path("workspace.members").entityList(Map.class).get()) {
            permissions.put((String) member.get("id"), ((List<?>) member.get("permissions")).stream()
                    .map(String::valueOf).sorted().toList());
        }
        return permissions;
    }

    private static String mutation(String name, String input, String selection) {
        return "mutation { " + name + "(input: {" + input + "}) { " + selection + " } }";
    }

    private HttpResponse<String> post(String token, String document) throws Exception {
        String body = json.writeValueAsString(Map.of("query", document));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/graphql")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
