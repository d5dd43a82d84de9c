package io.secretledger.infra.share;

import com.icegreen.greenmail.util.GreenMail;
import io.secretledger.api.share.ShareLinkIds;
import io.secretledger.infra.support.Canaries;
import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.ReceivedMail;
import io.secretledger.infra.support.Storage;
import jakarta.mail.internet.MimeMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Issue 21 over real GraphQL, HTTP and SMTP: a member shares a field with a contact of the secret, who opens the
 * plain page from the mail and sees the value once per view, each view a reveal by the contact; every link that
 * should be dead (used, expired, revoked, rotated, purged, forged) gets the same 404 page; a code can be required;
 * and a contact answers a credential request, whose value becomes a new version of the field attributed to them.
 */
class ShareLinksTest extends LiveApplicationTest {

    private static final String SHARE = """
            mutation($input: ShareFieldInput!) { shareField(input: $input) {
              linkId token path status expiresAt viewsLeft } }""";
    private static final String REQUEST = """
            mutation($input: RequestCredentialInput!) { requestCredential(input: $input) {
              linkId token path status expiresAt } }""";
    private static final String REVOKE = """
            mutation($linkId: ID!) { revokeShareLink(linkId: $linkId) { linkId status } }""";
    private static final String LINKS = """
            query($secretId: ID!) { shareLinks(secretId: $secretId) {
              id kind fieldKey contactId ticketId status viewsLeft maxViews requireCode submittedVersion } }""";
    private static final String CONTACT = "contact-acme";
    private static final String CONTACT_EMAIL = "it@acme.example";

    @Autowired
    private GreenMail mail;
    @Autowired
    private com.mongodb.client.MongoClient mongoClient;

    private final HttpClient browser = HttpClient.newHttpClient();
    private HttpGraphQlTester owner;
    private String templateId;
    private String canary;
    private String secretId;
    private String ticketId;
    private String deadPage;

    @BeforeEach
    void setUp() throws Exception {
        owner = asOwner();
        templateId = createApiKeyTemplate(owner);
        canary = Canaries.plant("share");
        secretId = secret(canary);
        ticketId = owner.documentName("registerTicket").variable("input", Map.of("reference",
                        "HD-" + UUID.randomUUID(), "contactIds", List.of(CONTACT),
                        "memberIds", List.of(demo.ownerMemberId()))).execute()
                .path("registerTicket.ticketId").entity(String.class).get();
        deadPage = get("/share/" + "A".repeat(43)).body();
    }

    @AfterEach
    void tearDown() {
        GenericEventMessage.clock = Clock.systemUTC();
        settings(false, 72);
    }

    @Test
    void aContactSeesTheSharedFieldOncePerViewAndEachViewIsARevealByTheContact() throws Exception {
        Map<String, Object> link = share(Map.of());
        String token = (String) link.get("token");
        assertThat(link).containsEntry("linkId", ShareLinkIds.of(token)).containsEntry("path", "/share/" + token)
                .containsEntry("status", "ACTIVE").containsEntry("viewsLeft", 2);
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(mailTo(CONTACT_EMAIL, "A value was shared with you")).anyMatch(text ->
                text.contains("/share/" + token));

        HttpResponse<String> first = get("/share/" + token);
        assertThat(first.statusCode()).isEqualTo(200);
        assertPageHeaders(first);
        assertThat(first.body()).contains("<form method=\"post\"").doesNotContain(canary);
        assertThat(get("/share/" + token).statusCode()).as("a GET uses no view").isEqualTo(200);

        HttpResponse<String> view = post("/share/" + token, Map.of());
        assertThat(view.statusCode()).isEqualTo(200);
        assertPageHeaders(view);
        assertThat(view.body()).contains(canary).contains("1 more view left");
        assertThat(post("/share/" + token, Map.of()).body()).contains(canary).contains("last view");
        HttpResponse<String> used = post("/share/" + token, Map.of());
        assertThat(used.statusCode()).isEqualTo(404);
        assertPageHeaders(used);
        assertThat(used.body()).isEqualTo(deadPage).doesNotContain(canary);
        assertThat(get("/share/" + token).statusCode()).isEqualTo(404);

        List<Map<String, Object>> reveals = owner.documentName("auditLog").variable("first", 50)
                .variable("filter", Map.of("secretId", secretId, "action", "SecretRevealed")).execute()
                .path("auditLog.edges[*].node").entityList(Object.class).get().stream().map(ShareLinksTest::cast)
                .toList();
        assertThat(reveals).hasSize(2).allSatisfy(entry -> {
            assertThat(cast(entry.get("actor"))).containsEntry("type", "CONTACT").containsEntry("id", CONTACT);
            assertThat(entry).containsEntry("ticketId", ticketId);
        });
        Map<String, Object> listed = await().atMost(Duration.ofSeconds(10)).until(() -> links(secretId).stream()
                .filter(found -> ShareLinkIds.of(token).equals(found.get("id"))).findFirst().orElse(null),
                found -> found != null && Integer.valueOf(0).equals(found.get("viewsLeft")));
        assertThat(listed).containsEntry("status", "USED").containsEntry("kind", "SHARE")
                .containsEntry("contactId", CONTACT).doesNotContainValue(token);
        Canaries.remember(token);
        assertNowhereStored(canary, token);
    }

    @Test
    void usedExpiredRevokedRotatedRestoredPurgedAndForgedLinksAllGetTheSameNotFoundPage() throws Exception {
        assertThat(get("/share/" + "b".repeat(43)).statusCode()).isEqualTo(404);
        assertThat(post("/share/" + "b".repeat(43), Map.of()).body()).isEqualTo(deadPage);
        assertThat(get("/share/short").body()).isEqualTo(deadPage);
        assertThat(get("/collect/" + "b".repeat(43)).body()).isEqualTo(deadPage);

        String revoked = (String) share(Map.of()).get("token");
        owner.document(REVOKE).variable("linkId", ShareLinkIds.of(revoked)).execute()
                .path("revokeShareLink.status").entity(String.class).isEqualTo("REVOKED");
        assertDead(revoked);

        String expiring = (String) share(Map.of("expiresInHours", 1)).get("token");
        GenericEventMessage.clock = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(61));
        assertDead(expiring);
        GenericEventMessage.clock = Clock.systemUTC();

        String rotated = (String) share(Map.of()).get("token");
        int version = owner.documentName("secret").variable("id", secretId).execute().path("secret.version")
                .entity(Integer.class).get();
        owner.documentName("updateSecret").variable("input", Map.of("id", secretId, "expectedVersion", version,
                        "values", List.of(Map.of("key", "token", "value", Canaries.plant("rotated")))))
                .execute().path("updateSecret.secret.id").entity(String.class).isEqualTo(secretId);
        assertDead(rotated);

        // A deletion ends the links made before it: restoring the secret does not bring them back.
        String restored = (String) share(Map.of()).get("token");
        owner.documentName("deleteSecret").variable("secretId", secretId).execute().path("deleteSecret.secret.id")
                .hasValue();
        assertDead(restored);
        owner.document("mutation($id: ID!) { restoreSecret(input: {secretId: $id}) { secret { id deleted } } }")
                .variable("id", secretId).execute().path("restoreSecret.secret.deleted").entity(Boolean.class)
                .isEqualTo(false);
        assertDead(restored);
        String restoredId = ShareLinkIds.of(restored);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(links(secretId))
                .filteredOn(link -> restoredId.equals(link.get("id"))).singleElement()
                .satisfies(link -> assertThat(link).containsEntry("status", "SECRET_GONE")));

        String purged = (String) share(Map.of()).get("token");
        String name = owner.documentName("secret").variable("id", secretId).execute().path("secret.name")
                .entity(String.class).get();
        owner.documentName("deleteSecret").variable("secretId", secretId).execute().path("deleteSecret.secret.id")
                .hasValue();
        assertDead(purged);
        owner.document("""
                        mutation($id: ID!, $name: String!) { purgeSecret(input: {secretId: $id, confirmName: $name}) {
                          secretId } }""").variable("id", secretId).variable("name", name).execute()
                .path("purgeSecret.secretId").hasValue();
        assertDead(purged);
        for (String token : List.of(revoked, expiring, rotated, restored, purged)) {
            Canaries.remember(token);
        }
    }

    @Test
    void badSharesAreRefusedWithTheirFieldAndThoseAboutTheSecretAreRecordedWithIt() {
        long before = storedEvents();
        shareRefused(Map.of("expiresInHours", 73), "VALIDATION", "expiresInHours");
        shareRefused(Map.of("maxViews", 11), "VALIDATION", "maxViews");
        shareRefused(Map.of("fieldKey", "tenant"), "VALIDATION", "fieldKey");
        shareRefused(Map.of("contactEmail", "nobody"), "VALIDATION", "contactEmail");
        settings(false, 2);
        shareRefused(Map.of("expiresInHours", 3), "VALIDATION", "expiresInHours");
        long afterSettings = storedEvents();
        assertThat(afterSettings).isEqualTo(before + 1);

        shareRefused(Map.of("contactId", "contact-other", "expiresInHours", 1), "VALIDATION", "contactId");
        assertThat(storedEvents()).as("the refusal, recorded with the secret").isEqualTo(afterSettings + 1);

        String helperEmail = "helper-" + UUID.randomUUID() + "@demo.local";
        String helperId = owner.documentName("addMember").variable("input", Map.of("email", helperEmail,
                "permissions", List.of("VIEW_ASSIGNED"))).execute().path("addMember.member.id")
                .entity(String.class).get();
        HttpGraphQlTester helper = http(tokens.mint(demo.workspaceId(), helperId, helperEmail, Duration.ofMinutes(5)));
        owner.documentName("changeWorkspaceSettings").variable("input", Map.of("clientSecretsEnabled", true,
                "restrictToAssignedUsers", true, "requireEmailVerification", false, "maxShareLinkHours", 2))
                .execute().path("changeWorkspaceSettings.workspace.settings.maxShareLinkHours").entity(Integer.class)
                .isEqualTo(2);
        long beforeHelper = storedEvents();
        helper.document(SHARE).variable("input", input(Map.of("expiresInHours", 1))).execute().errors()
                .satisfy(errors -> assertSingle(errors, "FORBIDDEN", null));
        assertThat(storedEvents()).isEqualTo(beforeHelper + 1);
        List<Object> refusals = owner.documentName("auditLog").variable("first", 50)
                .variable("filter", Map.of("secretId", secretId, "action", "SecretRevealRefused")).execute()
                .path("auditLog.edges[*].node.actor.id").entityList(Object.class).get();
        assertThat(refusals).contains(demo.ownerMemberId(), helperId);
    }

    @Test
    void aLinkThatRequiresACodeShowsTheValueOnlyAfterTheCodeMailedToTheContact() throws Exception {
        String email = "code-" + UUID.randomUUID() + "@acme.example";
        String token = (String) share(Map.of("requireCode", true, "contactEmail", email)).get("token");
        assertThat(get("/share/" + token).body()).contains("E-mail me a code").doesNotContain(canary);
        assertThat(post("/share/" + token, Map.of()).body()).contains("E-mail me a code").doesNotContain(canary);
        assertThat(post("/share/" + token + "/code", Map.of()).body()).contains("on its way");
        String text = mailTo(email, "Your SecretLedger verification code").get(0);
        Matcher digits = Pattern.compile("(\\d{6})").matcher(text);
        assertThat(digits.find()).isTrue();
        String code = digits.group(1);
        String wrong = code.equals("000000") ? "111111" : "000000";
        HttpResponse<String> refused = post("/share/" + token, Map.of("code", wrong));
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("did not work").doesNotContain(canary);
        HttpResponse<String> shown = post("/share/" + token, Map.of("code", code));
        assertThat(shown.body()).contains(canary);
        assertThat(post("/share/" + token, Map.of("code", code)).body()).doesNotContain(canary);
        Canaries.remember(token);
    }

    @Test
    void aContactGivesARequestedValueWhichBecomesANewVersionAttributedToThemAndTheMemberIsTold() throws Exception {
        Map<String, Object> link = owner.document(REQUEST).variable("input", Map.of("secretId", secretId,
                        "fieldKey", "token", "contactId", CONTACT, "contactEmail", CONTACT_EMAIL, "ticketId", ticketId,
                        "expiresInHours", 24)).execute()
                .path("requestCredential").entity(Map.class).get();
        String token = (String) link.get("token");
        assertThat(link).containsEntry("path", "/collect/" + token);
        assertThat(mailTo(CONTACT_EMAIL, "Your helpdesk asks you for")).anyMatch(text ->
                text.contains("/collect/" + token));

        HttpResponse<String> form = get("/collect/" + token);
        assertThat(form.statusCode()).isEqualTo(200);
        assertPageHeaders(form);
        assertThat(form.body()).contains("<textarea name=\"value\"");

        long before = storedEvents();
        String tooLong = "x".repeat(4097);
        HttpResponse<String> refused = post("/collect/" + token, Map.of("value", tooLong));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("VALIDATION").contains("values.token").doesNotContain(tooLong);
        assertThat(storedEvents()).as("only the refusal").isEqualTo(before + 1);

        String given = Canaries.plant("collected");
        HttpResponse<String> stored = post("/collect/" + token, Map.of("value", given));
        assertThat(stored.statusCode()).isEqualTo(200);
        assertThat(stored.body()).contains("Thank you").doesNotContain(given);
        assertThat(post("/collect/" + token, Map.of("value", "again")).body()).isEqualTo(deadPage);
        assertThat(get("/collect/" + token).statusCode()).isEqualTo(404);

        owner.documentName("revealSecretField").variable("input", Map.of("secretId", secretId, "fieldKey", "token"))
                .execute().path("revealSecretField.value").entity(String.class).isEqualTo(given)
                .path("revealSecretField.fieldVersion").entity(Integer.class).isEqualTo(2);
        owner.documentName("auditLog").variable("first", 50)
                .variable("filter", Map.of("secretId", secretId, "action", "SecretEdited")).execute()
                .path("auditLog.edges[0].node.actor.type").entity(String.class).isEqualTo("CONTACT")
                .path("auditLog.edges[0].node.actor.id").entity(String.class).isEqualTo(CONTACT);
        assertThat(mailTo(demo.ownerEmail(), "Credential received")).anyMatch(text -> text.contains(CONTACT)
                && text.contains("version 2"));
        Map<String, Object> listed = await().atMost(Duration.ofSeconds(10)).until(() -> links(secretId).stream()
                .filter(found -> "COLLECT".equals(found.get("kind"))).findFirst().orElse(null),
                found -> found != null && "SUBMITTED".equals(found.get("status")));
        assertThat(listed).containsEntry("submittedVersion", 2).containsEntry("contactId", CONTACT);
        Canaries.remember(token);
        assertNowhereStored(given, token);
    }

    @Test
    void aCredentialRequestNeedsARelatedContactAndAMemberWhoMayChangeTheSecret() {
        long before = storedEvents();
        owner.document(REQUEST).variable("input", Map.of("secretId", secretId, "fieldKey", "token", "contactId",
                        "contact-other", "contactEmail", CONTACT_EMAIL, "ticketId", ticketId, "expiresInHours", 1))
                .execute().errors().satisfy(errors -> assertSingle(errors, "VALIDATION", "contactId"));
        assertThat(storedEvents()).isEqualTo(before + 1);
        owner.document(REQUEST).variable("input", Map.of("secretId", secretId, "fieldKey", "token", "contactId",
                        CONTACT, "contactEmail", CONTACT_EMAIL, "ticketId", ticketId, "expiresInHours", 500))
                .execute().errors().satisfy(errors -> assertSingle(errors, "VALIDATION", "expiresInHours"));
        assertThat(storedEvents()).isEqualTo(before + 1);
    }

    private String secret(String value) {
        String id = createSecret(owner, templateId, "share-" + UUID.randomUUID(), value);
        owner.document("""
                        mutation($input: ChangeSecretRelationsInput!) { changeSecretRelations(input: $input) {
                          __typename } }""")
                .variable("input", Map.of("secretId", id, "relatedContactIds", List.of(CONTACT))).execute();
        return id;
    }

    private Map<String, Object> input(Map<String, Object> overrides) {
        Map<String, Object> input = new HashMap<>(Map.of("secretId", secretId, "fieldKey", "token",
                "contactId", CONTACT, "contactEmail", CONTACT_EMAIL, "ticketId", ticketId, "expiresInHours", 24,
                "maxViews", 2));
        input.putAll(overrides);
        return input;
    }

    private Map<String, Object> share(Map<String, Object> overrides) {
        return cast(owner.document(SHARE).variable("input", input(overrides)).execute().path("shareField")
                .entity(Map.class).get());
    }

    private void shareRefused(Map<String, Object> overrides, String code, String field) {
        owner.document(SHARE).variable("input", input(overrides)).execute().errors()
                .satisfy(errors -> assertSingle(errors, code, field));
    }

    private List<Map<String, Object>> links(String secret) {
        return owner.document(LINKS).variable("secretId", secret).execute().path("shareLinks")
                .entityList(Object.class).get().stream().map(ShareLinksTest::cast).toList();
    }

    private void assertDead(String token) throws Exception {
        assertThat(get("/share/" + token).body()).isEqualTo(deadPage);
        HttpResponse<String> view = post("/share/" + token, Map.of());
        assertThat(view.statusCode()).isEqualTo(404);
        assertThat(view.body()).isEqualTo(deadPage);
        assertPageHeaders(view);
    }

    private void settings(boolean restricted, int maxShareLinkHours) {
        owner.documentName("changeWorkspaceSettings").variable("input", Map.of("clientSecretsEnabled", true,
                        "restrictToAssignedUsers", restricted, "requireEmailVerification", false,
                        "maxShareLinkHours", maxShareLinkHours))
                .execute().path("changeWorkspaceSettings.workspace.settings.restrictToAssignedUsers")
                .entity(Boolean.class).isEqualTo(restricted);
    }

    private static void assertPageHeaders(HttpResponse<String> page) {
        assertThat(page.headers().firstValue("Cache-Control")).hasValueSatisfying(value ->
                assertThat(value).contains("no-store"));
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(SharePages.POLICY);
        assertThat(SharePages.POLICY).startsWith("default-src 'none';").contains("form-action 'self'");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(value ->
                assertThat(value).startsWith("text/html"));
    }

    private void assertNowhereStored(String value, String token) throws Exception {
        assertThat(Storage.eventPayloads(eventStore)).noneMatch(payload -> payload.contains(value)
                || payload.contains(token));
        assertThat(Storage.projectionDocuments(mongoClient, "secretledger")).noneMatch(doc -> doc.contains(value)
                || doc.contains(token));
        assertThat(Files.readString(LOG_FILE)).doesNotContain(value).doesNotContain(token);
        for (MimeMessage message : mail.getReceivedMessages()) {
            assertThat(String.valueOf(message.getContent())).doesNotContain(value);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        List<String> pairs = new ArrayList<>();
        form.forEach((key, value) -> pairs.add(key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<String> mailTo(String address, String subject) {
        return ReceivedMail.awaitTexts(mail, address, subject);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object node) {
        return (Map<String, Object>) node;
    }
}
