package io.secretledger.infra.protection;

import io.secretledger.infra.support.DevMailbox;
import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.Storage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.secretledger.infra.support.Refusals.assertSingle;
import static io.secretledger.infra.support.SecretSteps.createApiKeyTemplate;
import static io.secretledger.infra.support.SecretSteps.createSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reveal rules of seed 000 over real GraphQL: an expired secret needs a manager who confirms, and with the
 * workspace control on, a code e-mailed over real SMTP (the development mailbox, read over HTTP) must be
 * confirmed first; wrong, reused and brute-forced codes are refused and recorded.
 */
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class RevealProtectionTest extends LiveApplicationTest {

    private static final Pattern CODE = Pattern.compile("code to reveal secrets is (\\d{6})");

    private HttpGraphQlTester owner;
    private String templateId;

    @BeforeEach
    void setUp() {
        owner = asOwner();
        templateId = createApiKeyTemplate(owner);
    }

    @Test
    void anExpiredSecretIsRevealedOnlyByAManagerWhoConfirms() {
        String secretId = createSecret(owner, templateId, "expiring-" + UUID.randomUUID(), "sk_expired");
        String editorId = addMember("editor-" + UUID.randomUUID() + "@demo.local", "EDITOR");
        owner.document("""
                        mutation($id: ID!, $at: DateTime) { setSecretExpiration(input: {secretId: $id, expiresAt: $at}) {
                          secret { expiresAt } } }""")
                .variable("id", secretId).variable("at", Instant.now().plusSeconds(2).toString()).execute();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> owner.document(
                        "query($id: ID!) { secret(id: $id) { expired } }")
                .variable("id", secretId).execute().path("secret.expired").entity(Boolean.class).get());

        reveal(owner, secretId, false).errors().satisfy(errors -> assertSingle(errors, "VALIDATION", "confirmExpired"));
        reveal(member(editorId), secretId, true).errors().satisfy(errors -> assertSingle(errors, "FORBIDDEN", null));
        reveal(owner, secretId, true).path("revealSecretField.value").entity(String.class).isEqualTo("sk_expired");
        assertThat(Storage.eventPayloads(eventStore)).filteredOn(event -> event.contains("SecretRevealed")
                && event.contains(secretId)).singleElement().asString().contains("\"expiredConfirmed\":true");
    }

    @Test
    void aCodeMailedOverSmtpUnlocksRevealsOnceConfirmedAndWorksOnce(
            org.springframework.boot.test.system.CapturedOutput log) {
        String secretId = createSecret(owner, templateId, "stepped-" + UUID.randomUUID(), "sk_stepped");
        requireEmailVerification(true);
        try {
            reveal(owner, secretId, false).errors()
                    .satisfy(errors -> assertSingle(errors, "VERIFICATION_REQUIRED", null));

            String code = requestCode(owner, ownerToken());
            confirm(owner, wrong(code)).errors().satisfy(errors -> {
                assertSingle(errors, "VERIFICATION_FAILED", "code");
                assertThat(errors.get(0).getExtensions()).containsEntry("reason", "WRONG_CODE")
                        .containsEntry("attemptsLeft", 4);
            });
            confirm(owner, code).path("confirmRevealVerification.unlockedUntil").entity(String.class)
                    .satisfies(until -> assertThat(Instant.parse(until)).isAfter(Instant.now().plusSeconds(500)));
            reveal(owner, secretId, false).path("revealSecretField.value").entity(String.class).isEqualTo("sk_stepped");
            confirm(owner, code).errors().satisfy(errors -> assertThat(errors.get(0).getExtensions())
                    .containsEntry("reason", "NO_PENDING_CODE"));

            List<String> events = Storage.eventPayloads(eventStore);
            assertThat(events).anyMatch(event -> event.startsWith("io.secretledger.api.verification.VerificationRequested"))
                    .anyMatch(event -> event.startsWith("io.secretledger.api.verification.VerificationSucceeded"))
                    .anyMatch(event -> event.startsWith("io.secretledger.api.verification.VerificationFailed"))
                    .noneMatch(event -> event.contains("\"" + code + "\""));
            assertThat(Storage.projectionDocuments(mongo(), "secretledger")).noneMatch(doc -> doc.contains(code));
            assertThat(Pattern.compile("(?<![0-9])" + code + "(?![0-9])").matcher(log.getAll()).find())
                    .as("the code in the log").isFalse();
        } finally {
            requireEmailVerification(false);
        }
    }

    @Test
    void fiveWrongCodesLockAMemberOutAndAnotherMembersCodeNeverWorks() {
        String secretId = createSecret(owner, templateId, "locked-" + UUID.randomUUID(), "sk_locked");
        String editorEmail = "locked-" + UUID.randomUUID() + "@demo.local";
        String editorId = addMember(editorEmail, "EDITOR");
        String editorToken = tokens.mint(demo.workspaceId(), editorId, editorEmail, Duration.ofMinutes(10));
        HttpGraphQlTester editor = http(editorToken);
        requireEmailVerification(true);
        try {
            String ownersCode = requestCode(owner, ownerToken());
            String editorsCode = requestCode(editor, editorToken);
            if (!ownersCode.equals(editorsCode)) {
                confirm(editor, ownersCode).errors().satisfy(errors -> assertThat(errors.get(0).getExtensions())
                        .containsEntry("reason", "WRONG_CODE"));
            }
            for (int attempt = 0; attempt < 4; attempt++) {
                confirm(editor, wrong(editorsCode)).errors().satisfy(errors -> assertThat(errors.get(0).getExtensions())
                        .containsEntry("reason", "WRONG_CODE"));
            }
            confirm(editor, editorsCode).errors().satisfy(errors -> assertThat(errors.get(0).getExtensions())
                    .containsEntry("reason", "LOCKED_OUT").containsEntry("attemptsLeft", 0));
            editor.document("mutation { requestRevealVerification { sentTo } }").execute().errors()
                    .satisfy(errors -> assertSingle(errors, "VERIFICATION_FAILED", null));
            reveal(editor, secretId, false).errors()
                    .satisfy(errors -> assertSingle(errors, "VERIFICATION_REQUIRED", null));
            assertThat(Storage.eventPayloads(eventStore)).filteredOn(event -> event.contains("VerificationLockedOut")
                    && event.contains(editorId)).hasSize(1);
        } finally {
            requireEmailVerification(false);
        }
    }

    /**
     * Battery (issue 8, item 6): one valid code sent 100 times at once unlocks once; aliases of the confirmation in
     * one document are attempts like any other; a code answers only the request it was mailed for.
     */
    @Test
    void oneCodeSentAHundredTimesAtOnceUnlocksOnceAndAliasesCountAsAttempts() throws Exception {
        requireEmailVerification(true);
        try {
            String racerEmail = "racer-" + UUID.randomUUID() + "@demo.local";
            String racerId = addMember(racerEmail, "EDITOR");
            String racerToken = tokens.mint(demo.workspaceId(), racerId, racerEmail, Duration.ofMinutes(10));
            String stale = requestCode(http(racerToken), racerToken);
            String code = requestCode(http(racerToken), racerToken);
            if (!stale.equals(code)) {
                confirm(http(racerToken), stale).errors().satisfy(errors -> assertThat(errors.get(0).getExtensions())
                        .containsEntry("reason", "WRONG_CODE"));
            }
            String body = json.writeValueAsString(Map.of("query", "mutation($code: String!) { "
                    + "confirmRevealVerification(input: {code: $code}) { unlockedUntil } }",
                    "variables", Map.of("code", code)));
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> sent =
                    new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                sent.add(client.sendAsync(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://localhost:" + port + "/graphql"))
                        .header("Authorization", "Bearer " + racerToken).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()));
            }
            int unlocked = 0;
            for (var response : sent) {
                var answer = json.readTree(response.get(30, java.util.concurrent.TimeUnit.SECONDS).body());
                if (answer.path("data").path("confirmRevealVerification").hasNonNull("unlockedUntil")) {
                    unlocked++;
                } else {
                    assertThat(answer.path("errors").get(0).path("extensions").path("code").asText())
                            .isEqualTo("VERIFICATION_FAILED");
                }
            }
            assertThat(unlocked).isEqualTo(1);
            List<String> events = Storage.eventPayloads(eventStore);
            assertThat(events).filteredOn(event -> event.contains("VerificationSucceeded") && event.contains(racerId))
                    .hasSize(1);
            assertThat(events).noneMatch(event -> event.contains("\"" + code + "\""));

            String aliasEmail = "aliases-" + UUID.randomUUID() + "@demo.local";
            String aliasId = addMember(aliasEmail, "EDITOR");
            String aliasToken = tokens.mint(demo.workspaceId(), aliasId, aliasEmail, Duration.ofMinutes(10));
            String aliasCode = requestCode(http(aliasToken), aliasToken);
            StringBuilder document = new StringBuilder("mutation {");
            for (int i = 0; i < 6; i++) {
                document.append(" a").append(i).append(": confirmRevealVerification(input: {code: \"")
                        .append(wrong(aliasCode)).append("\"}) { unlockedUntil }");
            }
            document.append(" }");
            // Six guesses in one document are no way around the cap: the first wrong one is counted and ends the
            // document (its field is non-null), so each document costs an attempt and five lock the member out.
            for (int documents = 1; documents <= 5; documents++) {
                int left = 5 - documents;
                http(aliasToken).document(document.toString()).execute().errors().satisfy(errors -> {
                    assertThat(errors).hasSize(1);
                    assertThat(errors.get(0).getPath()).isEqualTo("a0");
                    assertThat(errors.get(0).getExtensions()).containsEntry("reason", "WRONG_CODE")
                            .containsEntry("attemptsLeft", left);
                });
            }
            assertThat(Storage.eventPayloads(eventStore)).filteredOn(event -> event.contains("VerificationFailed")
                    && event.contains(aliasId)).hasSize(5);
            confirm(http(aliasToken), aliasCode).errors().satisfy(errors -> assertThat(errors.get(0).getExtensions())
                    .containsEntry("reason", "LOCKED_OUT"));
        } finally {
            requireEmailVerification(false);
        }
    }

    private org.springframework.graphql.test.tester.GraphQlTester.Response reveal(HttpGraphQlTester tester,
                                                                                   String secretId, boolean confirm) {
        return tester.documentName("revealSecretField").variable("input", Map.of("secretId", secretId,
                "fieldKey", "token", "confirmExpired", confirm)).execute();
    }

    private static org.springframework.graphql.test.tester.GraphQlTester.Response confirm(HttpGraphQlTester tester,
                                                                                           String code) {
        return tester.document("mutation($code: String!) { confirmRevealVerification(input: {code: $code}) "
                + "{ unlockedUntil } }").variable("code", code).execute();
    }

    private void requireEmailVerification(boolean on) {
        owner.documentName("changeWorkspaceSettings").variable("input", Map.of("clientSecretsEnabled", true,
                "restrictToAssignedUsers", false, "requireEmailVerification", on)).execute()
                .path("changeWorkspaceSettings.workspace.settings.requireEmailVerification").entity(Boolean.class)
                .isEqualTo(on);
    }

    /** Asks for a code, then reads the caller's mailbox over HTTP, as a member would, for the new mail's code. */
    private String requestCode(HttpGraphQlTester tester, String token) {
        int before = mailbox(token).size();
        tester.document("mutation { requestRevealVerification { sentTo expiresAt } }").execute()
                .path("requestRevealVerification.sentTo").entity(String.class)
                .satisfies(sentTo -> assertThat(sentTo).matches(".\\*\\*\\*@.+"));
        List<Map<String, String>> mail = await().atMost(Duration.ofSeconds(10)).until(() -> mailbox(token),
                messages -> messages.size() > before);
        Matcher matcher = CODE.matcher(mail.get(mail.size() - 1).get("text"));
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private List<Map<String, String>> mailbox(String token) {
        return DevMailbox.messages(port, token, json);
    }

    private String addMember(String email, String role) {
        return owner.documentName("addMember").variable("input", Map.of("email", email, "title", "Support engineer",
                "division", "EMEA", "role", role)).execute().path("addMember.member.id").entity(String.class).get();
    }

    private HttpGraphQlTester member(String memberId) {
        String email = owner.documentName("workspace").execute()
                .path("workspace.members[?(@.id == '" + memberId + "')].email").entityList(String.class).get().get(0);
        return http(tokens.mint(demo.workspaceId(), memberId, email, Duration.ofMinutes(10)));
    }

    private com.mongodb.client.MongoClient mongo() {
        return mongoClient;
    }

    @org.springframework.beans.factory.annotation.Autowired
    private com.mongodb.client.MongoClient mongoClient;

    private static String wrong(String code) {
        char last = code.charAt(code.length() - 1);
        return code.substring(0, code.length() - 1) + (last == '9' ? '0' : (char) (last + 1));
    }
}
