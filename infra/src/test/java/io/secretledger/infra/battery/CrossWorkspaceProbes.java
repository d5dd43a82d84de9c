package io.secretledger.infra.battery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretledger.infra.support.Canaries;
import io.secretledger.infra.support.GraphQlClients;
import io.secretledger.infra.support.SecretSteps;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import reactor.core.Disposable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Every operation of the API aimed at the ids of one workspace, sent by a caller who works in another: over GraphQL
 * (HTTP), the file and export endpoints, and WebSocket subscriptions. Shared by the batteries of issue 8 (the owner of
 * another workspace) and issue 19 (one person who belongs to both, working in the other).
 */
final class CrossWorkspaceProbes {

    private CrossWorkspaceProbes() {
    }

    /** What a workspace holds for the probes to aim at, made through its owner's GraphQL calls. */
    record Planted(String canary, String secretId, String secretName, String templateId, String ticketId,
                   String ticketReference, String memberId, String memberEmail, String accountId, String accountName,
                   String tokenId, String workspaceId) {

        Ids ids(String ownerMemberId, String foreignMemberId) {
            return new Ids(secretId, secretName, templateId, ticketId, memberId, accountId, tokenId, ownerMemberId,
                    foreignMemberId, java.time.Instant.now().toString(), workspaceId);
        }

        /** Every value of it that must never reach the other workspace, and {@code more}. */
        List<String> ours(String... more) {
            List<String> ours = new ArrayList<>(List.of(canary, secretName, ticketReference, memberEmail, accountName));
            ours.addAll(List.of(more));
            return ours;
        }
    }

    /**
     * A template, a secret whose sensitive value is {@code canary}, a ticket, a member, a service account and its
     * token (remembered as a canary), in the owner's workspace.
     */
    static Planted plant(HttpGraphQlTester owner, String canary) {
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
        Canaries.remember((String) issued.get("token"));
        String workspaceId = owner.document("{ workspace { id } }").execute().path("workspace.id").entity(String.class)
                .get();
        return new Planted(canary, secretId, secretName, templateId, ticketId, ticketReference, memberId, memberEmail,
                accountId, accountName, (String) issued.get("tokenId"), workspaceId);
    }

    /** The ids of the workspace the probes aim at (and its own), and who the caller is in the other one. */
    record Ids(String secretId, String secretName, String templateId, String ticketId, String memberId,
               String accountId, String tokenId, String ownerMemberId, String foreignMemberId, String at,
               String workspaceId) {
    }

    /** A caller of the running application: a bearer token, and the workspace header when it names one. */
    record Caller(int port, String token, String workspace, ObjectMapper json) {

        HttpResponse<String> post(String document) throws Exception {
            String body = json.writeValueAsString(Map.of("query", document));
            return HttpClient.newHttpClient().send(authorized(HttpRequest.newBuilder(URI.create("http://localhost:"
                            + port + "/graphql"))).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> get(String path) throws Exception {
            return HttpClient.newHttpClient().send(authorized(HttpRequest.newBuilder(URI.create("http://localhost:"
                    + port + path))).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        WebSocketGraphQlTester webSocket() {
            return GraphQlClients.webSocket(port, token, workspace == null ? Map.of() : Map.of("workspace", workspace));
        }

        private HttpRequest.Builder authorized(HttpRequest.Builder request) {
            request.header("Authorization", "Bearer " + token);
            return workspace == null ? request : request.header("X-SecretLedger-Workspace", workspace);
        }
    }

    /**
     * Sends every probe; each is refused (NOT_FOUND or FORBIDDEN) or answers nothing, none fails inside, and no answer
     * holds anything of {@code ours}. The {@code workspace} query answers the caller's own workspace.
     */
    static void assertNothingOf(Caller caller, Ids ids, List<String> ours, ObjectMapper json) throws Exception {
        String secretId = ids.secretId();
        String secretName = ids.secretName();
        String templateId = ids.templateId();
        String ticketId = ids.ticketId();
        String memberId = ids.memberId();
        String accountId = ids.accountId();
        String tokenId = ids.tokenId();
        String ownerMemberId = ids.ownerMemberId();
        String strangerId = ids.foreignMemberId();
        String at = ids.at();
        String workspaceId = ids.workspaceId();
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
        // Issue 20: what our member revealed, asked in the caller's workspace and naming ours (operators only).
        operations.put("departureReport", "{ departureReport(memberId: \"" + memberId + "\") { subject { id "
                + "displayName } exposureCount toRotate { secretId secretName fieldKey } } }");
        operations.put("departureReport of our owner", "{ departureReport(memberId: \"" + ownerMemberId
                + "\") { subject { id displayName } exposures { edges { node { secretId secretName } } } } }");
        operations.put("departureReport naming our workspace", "{ departureReport(memberId: \"" + memberId
                + "\", workspaceId: \"" + workspaceId + "\") { subject { id displayName } exposureCount } }");
        operations.put("accessRequests", "{ accessRequests(first: 100) { edges { node { id secretId secretName "
                + "reason } } } }");
        operations.put("reminderSettings of our secret", "{ reminderSettings(secretId: \"" + secretId
                + "\") { leadDays } }");
        operations.put("workspace", "{ workspace { id name members { email } serviceAccounts { name } } }");
        operations.put("revealSecretField", mutation("revealSecretField", "secretId: \"" + secretId
                + "\", fieldKey: \"token\"", "value"));
        operations.put("revealSecretField on our ticket", mutation("revealSecretField", "secretId: \"" + secretId
                + "\", fieldKey: \"token\", ticketId: \"" + ticketId + "\"", "value"));
        // Issue 21: the seed of a one-time-password field, and such a field added to our template.
        operations.put("revealSecretField seed", mutation("revealSecretField", "secretId: \"" + secretId
                + "\", fieldKey: \"token\", seed: true", "value oneTimeCode { code secondsLeft }"));
        operations.put("addTemplateField of type TOTP", mutation("addTemplateField", "templateId: \"" + templateId
                + "\", field: {key: \"otp\", label: \"OTP\", type: TOTP}", "template { id }"));
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
        operations.put("issueMemberToken", mutation("issueMemberToken", "memberId: \"" + ownerMemberId
                + "\"", "token"));
        operations.put("issueServiceAccountToken", mutation("issueServiceAccountToken", "serviceAccountId: \""
                + accountId + "\"", "token"));
        operations.put("revokeServiceAccountToken", mutation("revokeServiceAccountToken", "serviceAccountId: \""
                + accountId + "\", tokenId: \"" + tokenId + "\"", "tokenId"));
        // Issue 20: asking for, deciding on, breaking the glass on and planning reminders of what is ours.
        operations.put("requestAccess to our secret", mutation("requestAccess", "secretId: \"" + secretId
                + "\", ticketId: \"" + ticketId + "\", reason: \"theirs\", durationMinutes: 5", "requestId status"));
        operations.put("approveAccessRequest of our member", mutation("approveAccessRequest", "requestId: \""
                + io.secretledger.api.accessrequest.AccessRequestIds.of(secretId, memberId) + "\"", "status"));
        operations.put("denyAccessRequest of our member", mutation("denyAccessRequest", "requestId: \""
                + io.secretledger.api.accessrequest.AccessRequestIds.of(secretId, memberId) + "\"", "status"));
        operations.put("breakGlass on our secret", mutation("breakGlass", "secretId: \"" + secretId
                + "\", reason: \"theirs\", durationMinutes: 5", "requestId status"));
        operations.put("setSecretReminders of our secret", mutation("setSecretReminders", "secretId: \""
                + secretId + "\", leadDays: [1]", "leadDays"));
        operations.put("markSecretRotated of our secret", mutation("markSecretRotated", "secretId: \""
                + secretId + "\"", "secretId"));
        // Issue 21: webhooks are asked for in the caller's own workspace only; an id not of it is NOT_FOUND.
        String webhookId = UUID.nameUUIDFromBytes(("webhook|" + workspaceId).getBytes()).toString();
        operations.put("webhooks", "{ webhooks { id url deliveries { id eventId } } }");
        operations.put("changeWebhook", mutation("changeWebhook", "id: \"" + webhookId + "\", enabled: false",
                "webhook { id }"));
        operations.put("rotateWebhookSecret", mutation("rotateWebhookSecret", "id: \"" + webhookId + "\"",
                "signingSecret"));
        operations.put("deleteWebhook", mutation("deleteWebhook", "id: \"" + webhookId + "\"", "id"));
        // Issue 21: share links and credential requests of our secret, and revoking a link by an id of its form.
        operations.put("shareLinks of our secret", "{ shareLinks(secretId: \"" + secretId + "\") { id status } }");
        operations.put("shareField of our secret", mutation("shareField", "secretId: \"" + secretId
                + "\", fieldKey: \"token\", contactId: \"contact-1\", contactEmail: \"c@theirs.example\", "
                + "ticketId: \"" + ticketId + "\", expiresInHours: 1", "linkId token"));
        operations.put("requestCredential of our secret", mutation("requestCredential", "secretId: \""
                + secretId + "\", fieldKey: \"token\", contactId: \"contact-1\", contactEmail: "
                + "\"c@theirs.example\", ticketId: \"" + ticketId + "\", expiresInHours: 1", "linkId token"));
        operations.put("revokeShareLink", "mutation { revokeShareLink(linkId: \""
                + io.secretledger.api.share.ShareLinkIds.of("x".repeat(43)) + "\") { linkId } }");
        operations.put("encryptWithKey by our secret's name", mutation("encryptWithKey", "keyRef: \"" + secretName
                + "/token\", plaintext: \"x\"", "ciphertext"));

        List<String> answers = new ArrayList<>();
        for (Map.Entry<String, String> operation : operations.entrySet()) {
            HttpResponse<String> answer = caller.post(operation.getValue());
            assertThat(answer.statusCode()).as(operation.getKey()).isLessThan(500);
            assertThat(answer.body()).as(operation.getKey()).doesNotContain("INTERNAL");
            if (!operation.getKey().equals("workspace")) {
                assertRefusedOrEmpty(operation.getKey(), answer.body(), json);
            }
            for (String mine : ours) {
                assertThat(answer.body()).as(operation.getKey() + " answered something of ours").doesNotContain(mine);
            }
            answers.add(answer.body());
        }
        for (String path : List.of("/secrets/" + secretId + "/files/token", "/audit/export?secretId=" + secretId,
                "/departure/export?memberId=" + memberId, "/departure/export?memberId=" + ownerMemberId,
                "/departure/export?memberId=" + memberId + "&workspaceId=" + workspaceId)) {
            HttpResponse<String> answer = caller.get(path);
            assertThat(answer.statusCode()).as(path).isLessThan(500);
            if (path.startsWith("/departure/")) {
                assertThat(answer.statusCode()).as(path + ": " + answer.body()).isIn(403, 404);
            }
            ours.forEach(mine -> assertThat(answer.body()).as(path).doesNotContain(mine));
        }
        for (String subscription : List.of("subscription { secretChanged(id: \"" + secretId + "\") { id name } }",
                "subscription { ticketPanelChanged(ticketId: \"" + ticketId + "\") { id name } }")) {
            BlockingQueue<Object> received = new LinkedBlockingQueue<>();
            Disposable watch = caller.webSocket().document(subscription).executeSubscription()
                    .toFlux().subscribe(received::add, received::add);
            try {
                Object first = received.poll(20, TimeUnit.SECONDS);
                assertThat(first).as(subscription).isInstanceOf(Throwable.class);
                ours.forEach(mine -> assertThat(first.toString()).doesNotContain(mine));
            } finally {
                watch.dispose();
            }
        }

        assertThat(answers).hasSize(operations.size());
    }

    /**
     * The operation reached its resolver and was refused as not found or forbidden, or answered nothing: a
     * document the schema rejects (a wrong selection in this test) would prove nothing, so it fails the test.
     */
    private static void assertRefusedOrEmpty(String operation, String body, ObjectMapper json)
            throws Exception {
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

    static String mutation(String name, String input, String selection) {
        return "mutation { " + name + "(input: {" + input + "}) { " + selection + " } }";
    }
}
