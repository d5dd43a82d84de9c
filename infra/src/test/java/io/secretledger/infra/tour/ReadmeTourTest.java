package io.secretledger.infra.tour;

import com.sun.net.httpserver.HttpServer;
import io.secretledger.infra.support.Canaries;
import io.secretledger.infra.support.InvitationMails;
import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.Storage;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import reactor.core.Disposable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the GraphQL tour of README.md exactly as written, over HTTP and WebSocket, and checks what each
 * step answers. It also fails when the README gains an operation this test does not run.
 */
class ReadmeTourTest extends LiveApplicationTest {

    @org.springframework.beans.factory.annotation.Autowired
    private com.icegreen.greenmail.util.GreenMail mail;

    private static final Pattern BLOCK = Pattern.compile("```graphql\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("^(query|mutation|subscription)\\s+(\\w+)");

    @Test
    void theReadmeTourWorksAsWritten() throws Exception {
        Map<String, String> tour = readmeOperations();
        assertThat(tour.keySet()).containsExactly("CreateTemplate", "CreateSecret", "ListSecrets", "RevealToken",
                "WatchSecret", "RotateToken", "History", "AuditLog", "CreateWorkspace", "Workspaces", "InviteMember", "AcceptInvitation", "Memberships",
                "AllowDestination", "CallWithSecret", "RevealControls", "RevealWithReason",
                "CreateOtpTemplate", "CreateOtpSecret", "RevealOneTimeCode", "RevealOtpSeed",
                "RequestAccess", "PendingRequests", "ApproveAccess", "BreakGlass", "SetReminderDefaults",
                "SetSecretReminders", "ReminderSettings", "ExpiryReminders", "MarkRotated", "DepartureReport",
                "RegisterWebhook", "Webhooks", "ShareField", "RequestCredential", "ShareLinks");
        HttpGraphQlTester owner = asOwner();

        String templateId = owner.document(tour.get("CreateTemplate")).execute()
                .path("createTemplate.template.fields[1].sensitive").entity(Boolean.class).isEqualTo(true)
                .path("createTemplate.template.id").entity(String.class).get();

        var created = owner.document(tour.get("CreateSecret")).variable("templateId", templateId).execute();
        created.path("createSecret.secret.fields[0].value").entity(String.class).isEqualTo("acme-prod");
        created.path("createSecret.secret.fields[1].masked").entity(Boolean.class).isEqualTo(true);
        created.path("createSecret.secret.fields[1].value").valueIsNull();
        String secretId = created.path("createSecret.secret.id").entity(String.class).get();

        var listed = owner.document(tour.get("ListSecrets")).execute();
        listed.path("secrets.edges[*].node.name").entityList(String.class).contains("payment-api-key");
        listed.path("secrets.edges[0].node.fields[1].value").valueIsNull();

        long eventsBeforeReveal = storedEvents();
        owner.document(tour.get("RevealToken")).variable("secretId", secretId).execute()
                .path("revealSecretField.value").entity(String.class).isEqualTo("sk_live_51H8example")
                .path("revealSecretField.grant").entity(String.class).isEqualTo("permission:ACCOUNT_OWNER");
        assertThat(storedEvents()).isEqualTo(eventsBeforeReveal + 1);
        assertThat(Storage.eventPayloads(eventStore).get((int) eventsBeforeReveal)).contains("SecretRevealed");

        BlockingQueue<Map<String, Object>> pushed = new LinkedBlockingQueue<>();
        Disposable subscription = webSocket(ownerToken()).document(tour.get("WatchSecret"))
                .variable("secretId", secretId).executeSubscription()
                .toFlux("secretChanged", Map.class).subscribe(update -> pushed.add(cast(update)));
        try {
            Map<String, Object> current = pushed.poll(20, TimeUnit.SECONDS);
            assertThat(current).as("the current state, first").isNotNull();
            int version = ((Number) current.get("version")).intValue();

            owner.document(tour.get("RotateToken")).variable("secretId", secretId).variable("version", version)
                    .execute()
                    .path("updateSecret.secret.fields[1].version").entity(Integer.class).isEqualTo(2);

            Map<String, Object> change = pushed.poll(20, TimeUnit.SECONDS);
            assertThat(change).as("the edit, pushed over WebSocket").isNotNull();
            assertThat(((Number) change.get("version")).intValue()).isGreaterThan(version);
            assertThat(change.toString()).doesNotContain("sk_live");
        } finally {
            subscription.dispose();
        }

        var history = owner.document(tour.get("History")).variable("secretId", secretId).execute();
        history.path("secret.history.edges[*].node.type").entityList(String.class)
                .containsExactly("EDITED", "REVEALED", "CREATED");
        history.path("secret.history.edges[*].node.actor.displayName").entityList(String.class)
                .containsExactly(demo.ownerEmail(), demo.ownerEmail(), demo.ownerEmail());
        history.path("secret.history.edges[0].node.changes[0].change").entity(String.class).isEqualTo("changed");
        history.path("secret.history.edges[0].node.changes[0].value").valueIsNull();
        history.path("secret.history.edges[2].node.at").entity(String.class).satisfies(at ->
                assertThat(java.time.Instant.parse(at)).isBefore(java.time.Instant.now().plus(Duration.ofSeconds(1))));

        // The audit log is a projection: it shows the edit once it has caught up.
        List<String> actions = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                owner.document(tour.get("AuditLog")).variable("secretId", secretId).execute()
                        .path("auditLog.edges[*].node.action").entityList(String.class).get(),
                list -> list.contains("SecretEdited"));
        assertThat(actions).containsExactly("SecretCreated", "SecretRevealed", "SecretEdited");
        owner.document(tour.get("AuditLog")).variable("secretId", secretId).execute()
                .path("auditLog.edges[1].node.grant").entity(String.class).isEqualTo("permission:ACCOUNT_OWNER")
                .path("verifyAuditChain.intact").entity(Boolean.class).isEqualTo(true);

        // An integration uses the token in a call to a server on loopback, allowed explicitly for this tour.
        HttpServer destination = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        destination.createContext("/v1/charges", exchange -> {
            byte[] echo = ("charged with " + exchange.getRequestHeaders().getFirst("Authorization"))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(201, echo.length);
            exchange.getResponseBody().write(echo);
            exchange.close();
        });
        destination.start();
        try {
            int port = destination.getAddress().getPort();
            owner.document(tour.get("AllowDestination")).variable("scheme", "http").variable("host", "127.0.0.1")
                    .variable("port", port).variable("privateAddresses", true).execute()
                    .path("changeEgressAllowlist.workspace.egressAllowlist[0].port").entity(Integer.class)
                    .isEqualTo(port);
            String accountId = owner.documentName("createServiceAccount").variable("input", Map.of("name",
                            "Payments", "scopes", List.of("USE_SECRETS"))).execute()
                    .path("createServiceAccount.serviceAccount.id").entity(String.class).get();
            String token = owner.documentName("issueServiceAccountToken").variable("serviceAccountId", accountId)
                    .execute().path("issueServiceAccountToken.token").entity(String.class).get();
            http(token).document(tour.get("CallWithSecret"))
                    .variable("url", "http://127.0.0.1:" + port + "/v1/charges").execute()
                    .path("callWithSecret.status").entity(Integer.class).isEqualTo(201)
                    .path("callWithSecret.outcome").entity(String.class).isEqualTo("completed")
                    .path("callWithSecret.body").entity(String.class).isEqualTo("charged with Bearer [REDACTED]")
                    .path("callWithSecret.redactions").entity(Integer.class).isEqualTo(1);

            // A webhook to the same loopback server (allowed above), listed with its deliveries.
            var webhook = owner.document(tour.get("RegisterWebhook"))
                    .variable("url", "http://127.0.0.1:" + port + "/v1/charges").execute();
            String signingSecret = webhook.path("registerWebhook.signingSecret").entity(String.class).get();
            assertThat(signingSecret).startsWith("whsec_");
            Canaries.remember(signingSecret);
            String webhookId = webhook.path("registerWebhook.webhook.id").entity(String.class).get();
            owner.document(tour.get("Webhooks")).execute()
                    .path("webhooks[?(@.id == '" + webhookId + "')].eventTypes[0]").entityList(String.class)
                    .containsExactly("secret.created");
            // Gone again: the tests after this one share the demo workspace and must not see its deliveries.
            owner.document("mutation($id: ID!) { deleteWebhook(input: {id: $id}) { __typename } }")
                    .variable("id", webhookId).execute().errors().verify();
        } finally {
            destination.stop(0);
        }
    }

    @Test
    void theReadmeWorkspaceBlocksWorkAsWritten() throws Exception {
        Map<String, String> tour = readmeOperations();
        HttpGraphQlTester operator = http(tokens.mintOperator(demo.workspaceId(), demo.ownerMemberId(),
                demo.ownerEmail(), java.time.Duration.ofMinutes(5)));
        String name = "Northwind Traders " + java.util.UUID.randomUUID();
        operator.document(tour.get("CreateWorkspace")).variable("name", name)
                .variable("ownerEmail", "it@northwind.example").execute()
                .path("createWorkspace.workspace.ownerEmails").entityList(String.class)
                .containsExactly("it@northwind.example");
        operator.document(tour.get("Workspaces")).variable("search", name).execute()
                .path("workspaces.edges[*].node.name").entityList(String.class).containsExactly(name)
                .path("workspaces.edges[0].node.suspended").entity(Boolean.class).isEqualTo(false);

        String invited = "technician-" + java.util.UUID.randomUUID() + "@demo.local";
        asOwner().document(tour.get("InviteMember")).variable("email", invited).execute()
                .path("inviteMember.invitation.email").entity(String.class).isEqualTo(invited)
                .path("inviteMember.invitation.permissions").entityList(String.class).contains("VIEW_ALL");
        String memberToken = http(null).document(tour.get("AcceptInvitation"))
                .variable("token", InvitationMails.tokenFor(mail, demo.workspaceId(), invited)).execute()
                .path("acceptInvitation.email").entity(String.class).isEqualTo(invited)
                .path("acceptInvitation.token").entity(String.class).get();
        Canaries.remember(memberToken);
        http(memberToken).document(tour.get("Memberships")).execute()
                .path("me.issuer").entity(String.class).isEqualTo("secretledger-local")
                .path("me.workspaceId").entity(String.class).isEqualTo(demo.workspaceId())
                .path("me.memberships[*].workspaceId").entityList(String.class).containsExactly(demo.workspaceId())
                .path("me.memberships[0].permissions").entityList(String.class).doesNotContain("ACCOUNT_OWNER");
    }

    @Test
    void theReadmeRevealControlsWorkAsWritten() throws Exception {
        Map<String, String> tour = readmeOperations();
        HttpGraphQlTester owner = asOwner();
        String secretId = io.secretledger.infra.support.SecretSteps.createSecret(owner,
                io.secretledger.infra.support.SecretSteps.createApiKeyTemplate(owner),
                "reasoned-tour-" + java.util.UUID.randomUUID(), "sk_live_tour_reasoned");
        String ticketId = owner.documentName("registerTicket").variable("input", Map.of("reference", "HD-1042",
                "memberIds", List.of(demo.ownerMemberId()))).execute()
                .path("registerTicket.ticketId").entity(String.class).get();
        owner.document(tour.get("RevealControls")).execute()
                .path("changeWorkspaceSettings.workspace.settings.requireOwnOpenTicket").entity(Boolean.class)
                .isEqualTo(true);
        try {
            owner.document(tour.get("RevealWithReason")).variable("secretId", secretId).variable("ticketId", ticketId)
                    .execute().path("revealSecretField.value").entity(String.class).isEqualTo("sk_live_tour_reasoned");
            List<String> results = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    owner.document(tour.get("AuditLog")).variable("secretId", secretId).execute()
                            .path("auditLog.edges[*].node.result").entityList(String.class).get(),
                    list -> list.size() == 2);
            assertThat(results).containsExactly("recorded", "revealed: Customer locked out of the payment portal");
        } finally {
            owner.documentName("changeWorkspaceSettings").variable("input", Map.of("clientSecretsEnabled", true,
                    "restrictToAssignedUsers", false, "requireEmailVerification", false)).execute();
        }
    }

    @Test
    void theReadmeOneTimePasswordBlocksWorkAsWritten() throws Exception {
        Map<String, String> tour = readmeOperations();
        HttpGraphQlTester owner = asOwner();
        String templateId = owner.document(tour.get("CreateOtpTemplate")).execute()
                .path("createTemplate.template.fields[1].sensitive").entity(Boolean.class).isEqualTo(true)
                .path("createTemplate.template.id").entity(String.class).get();
        String secretId = owner.document(tour.get("CreateOtpSecret")).variable("templateId", templateId).execute()
                .path("createSecret.secret.fields[1].masked").entity(Boolean.class).isEqualTo(true)
                .path("createSecret.secret.fields[1].value").valueIsNull()
                .path("createSecret.secret.id").entity(String.class).get();
        io.secretledger.command.totp.TotpSeed seed = io.secretledger.command.totp.TotpSeed.parse(
                "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");

        java.time.Instant before = java.time.Instant.now();
        var revealed = owner.document(tour.get("RevealOneTimeCode")).variable("secretId", secretId).execute();
        java.time.Instant after = java.time.Instant.now();
        revealed.path("revealSecretField.oneTimeCode.code").entity(String.class).satisfies(code -> assertThat(code)
                .isIn(io.secretledger.command.totp.Totp.at(seed, before).code(),
                        io.secretledger.command.totp.Totp.at(seed, after).code()))
                .path("revealSecretField.oneTimeCode.digits").entity(Integer.class).isEqualTo(6)
                .path("revealSecretField.oneTimeCode.period").entity(Integer.class).isEqualTo(30)
                .path("revealSecretField.grant").entity(String.class).isEqualTo("permission:ACCOUNT_OWNER");
        owner.document(tour.get("RevealOtpSeed")).variable("secretId", secretId).execute()
                .path("revealSecretField.value").entity(String.class).isEqualTo("otpauth://totp/ACME:admin?secret="
                        + "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&algorithm=SHA1&digits=6&period=30");
        // Counted on this secret only: the whole store also holds what background handlers append meanwhile.
        assertThat(Storage.eventPayloads(eventStore)).filteredOn(event -> event.contains(secretId))
                .filteredOn(event -> event.startsWith("io.secretledger.api.secret.SecretRevealed"))
                .extracting(event -> event.replaceAll("(?s).*\"totp\":\"?(\\w+)\"?.*", "$1"))
                .containsExactly("CODE", "SEED");
    }

    @Test
    void theReadmeShareBlocksWorkAsWritten() throws Exception {
        Map<String, String> tour = readmeOperations();
        HttpGraphQlTester owner = asOwner();
        String contactId = "contact-tour";
        String templateId = io.secretledger.infra.support.SecretSteps.createApiKeyTemplate(owner);
        String canary = Canaries.plant("tour-share");
        String secretId = io.secretledger.infra.support.SecretSteps.createSecret(owner, templateId,
                "tour-share-" + java.util.UUID.randomUUID(), canary);
        owner.document("""
                        mutation($input: ChangeSecretRelationsInput!) { changeSecretRelations(input: $input) {
                          __typename } }""")
                .variable("input", Map.of("secretId", secretId, "relatedContactIds", List.of(contactId))).execute();
        String ticketId = owner.documentName("registerTicket").variable("input", Map.of("reference",
                        "HD-" + java.util.UUID.randomUUID(), "contactIds", List.of(contactId),
                        "memberIds", List.of(demo.ownerMemberId()))).execute()
                .path("registerTicket.ticketId").entity(String.class).get();

        var shared = owner.document(tour.get("ShareField")).variable("secretId", secretId)
                .variable("contactId", contactId).variable("ticketId", ticketId).execute();
        String token = shared.path("shareField.token").entity(String.class).get();
        Canaries.remember(token);
        shared.path("shareField.path").entity(String.class).isEqualTo("/share/" + token)
                .path("shareField.status").entity(String.class).isEqualTo("ACTIVE")
                .path("shareField.viewsLeft").entity(Integer.class).isEqualTo(1);
        var requested = owner.document(tour.get("RequestCredential")).variable("secretId", secretId)
                .variable("contactId", contactId).variable("ticketId", ticketId).execute();
        String requestToken = requested.path("requestCredential.token").entity(String.class).get();
        Canaries.remember(requestToken);
        requested.path("requestCredential.path").entity(String.class).isEqualTo("/collect/" + requestToken);
        owner.document(tour.get("ShareLinks")).variable("secretId", secretId).execute()
                .path("shareLinks[*].kind").entityList(String.class).contains("SHARE", "COLLECT")
                .path("shareLinks[*].status").entityList(String.class).containsExactly("ACTIVE", "ACTIVE");
    }

    @Test
    void theReadmeJustInTimeBlocksWorkAsWritten() throws Exception {
        Map<String, String> tour = readmeOperations();
        HttpGraphQlTester owner = asOwner();
        String secretId = io.secretledger.infra.support.SecretSteps.createSecret(owner,
                io.secretledger.infra.support.SecretSteps.createApiKeyTemplate(owner),
                "jit-tour-" + java.util.UUID.randomUUID(), "sk_live_tour_jit");
        String email = "helpdesk-tour-" + java.util.UUID.randomUUID() + "@demo.local";
        String memberId = owner.documentName("addMember").variable("input", Map.of("email", email,
                "permissions", List.of("VIEW_ASSIGNED"))).execute().path("addMember.member.id")
                .entity(String.class).get();
        HttpGraphQlTester member = http(tokens.mint(demo.workspaceId(), memberId, email, Duration.ofMinutes(5)));
        String ticketId = owner.documentName("registerTicket").variable("input", Map.of("reference", "HD-1042",
                "memberIds", List.of(memberId))).execute().path("registerTicket.ticketId").entity(String.class).get();
        owner.documentName("changeWorkspaceSettings").variable("input", Map.of("clientSecretsEnabled", true,
                "restrictToAssignedUsers", true, "requireEmailVerification", false)).execute();
        try {
            String requestId = member.document(tour.get("RequestAccess")).variable("secretId", secretId)
                    .variable("ticketId", ticketId).execute()
                    .path("requestAccess.status").entity(String.class).isEqualTo("PENDING")
                    .path("requestAccess.requestId").entity(String.class).get();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    owner.document(tour.get("PendingRequests")).execute()
                            .path("accessRequests.edges[*].node.id").entityList(String.class).get(),
                    ids -> ids.contains(requestId));
            owner.document(tour.get("ApproveAccess")).variable("requestId", requestId).execute()
                    .path("approveAccessRequest.status").entity(String.class).isEqualTo("APPROVED");
            member.documentName("revealSecretField").variable("input", Map.of("secretId", secretId,
                    "fieldKey", "token")).execute().path("revealSecretField.value").entity(String.class)
                    .isEqualTo("sk_live_tour_jit");
            owner.document(tour.get("BreakGlass")).variable("secretId", secretId).execute()
                    .path("breakGlass.status").entity(String.class).isEqualTo("APPROVED");
        } finally {
            owner.documentName("changeWorkspaceSettings").variable("input", Map.of("clientSecretsEnabled", true,
                    "restrictToAssignedUsers", false, "requireEmailVerification", false)).execute();
        }
    }

    @Test
    void theReadmeReminderBlocksWorkAsWritten() throws Exception {
        Map<String, String> tour = readmeOperations();
        HttpGraphQlTester owner = asOwner();
        String secretId = io.secretledger.infra.support.SecretSteps.createSecret(owner,
                io.secretledger.infra.support.SecretSteps.createApiKeyTemplate(owner),
                "expiring-tour-" + java.util.UUID.randomUUID(), "sk_live_tour_expiring");
        owner.document("""
                        mutation($id: ID!, $at: DateTime) { setSecretExpiration(input: {secretId: $id, expiresAt: $at}) {
                          secret { expiresAt } } }""")
                .variable("id", secretId).variable("at", java.time.Instant.now().plus(Duration.ofDays(3)).toString())
                .execute().path("setSecretExpiration.secret.expiresAt").hasValue();
        BlockingQueue<Map<String, Object>> pushed = new LinkedBlockingQueue<>();
        Disposable subscription = webSocket(ownerToken()).document(tour.get("ExpiryReminders")).executeSubscription()
                .toFlux("expiryReminderDue", Map.class).subscribe(update -> pushed.add(cast(update)));
        try {
            owner.document(tour.get("SetReminderDefaults")).execute()
                    .path("setReminderDefaults.leadDays").entityList(Integer.class).containsExactly(30, 7, 1, 0);
            Thread.sleep(500);
            owner.document(tour.get("SetSecretReminders")).variable("secretId", secretId).execute()
                    .path("setSecretReminders.leadDays").entityList(Integer.class).containsExactly(400, 90);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    owner.document(tour.get("ReminderSettings")).variable("secretId", secretId).execute()
                            .path("reminderSettings.leadDays").entityList(Integer.class).get(),
                    days -> days.equals(List.of(400, 90)));
            Map<String, Object> due = pushed.poll(30, TimeUnit.SECONDS);
            while (due != null && !secretId.equals(due.get("secretId"))) {
                due = pushed.poll(30, TimeUnit.SECONDS);
            }
            assertThat(due).as("a reminder of the secret, pushed").isNotNull();
            owner.document(tour.get("MarkRotated")).variable("secretId", secretId)
                    .variable("newExpiresAt", java.time.Instant.now().plus(Duration.ofDays(365)).toString()).execute()
                    .path("markSecretRotated.secretId").entity(String.class).isEqualTo(secretId);
        } finally {
            subscription.dispose();
            owner.document("mutation { setReminderDefaults(input: {leadDays: []}) { leadDays } }").execute();
        }
    }

    @Test
    void theReadmeDepartureBlockWorksAsWritten() throws Exception {
        Map<String, String> tour = readmeOperations();
        HttpGraphQlTester owner = asOwner();
        String secretId = io.secretledger.infra.support.SecretSteps.createSecret(owner,
                io.secretledger.infra.support.SecretSteps.createApiKeyTemplate(owner),
                "departing-tour-" + java.util.UUID.randomUUID(), "sk_live_tour_departing");
        String email = "leaver-tour-" + java.util.UUID.randomUUID() + "@demo.local";
        String memberId = owner.documentName("addMember").variable("input", Map.of("email", email, "role", "EDITOR"))
                .execute().path("addMember.member.id").entity(String.class).get();
        http(tokens.mint(demo.workspaceId(), memberId, email, Duration.ofMinutes(5))).documentName("revealSecretField")
                .variable("input", Map.of("secretId", secretId, "fieldKey", "token")).execute()
                .path("revealSecretField.value").entity(String.class).isEqualTo("sk_live_tour_departing");
        List<String> toRotate = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                owner.document(tour.get("DepartureReport")).variable("memberId", memberId).execute()
                        .path("departureReport.toRotate[*].fieldKey").entityList(String.class).get(),
                keys -> !keys.isEmpty());
        assertThat(toRotate).containsExactly("token");
        owner.document(tour.get("DepartureReport")).variable("memberId", memberId).execute()
                .path("departureReport.subject.displayName").entity(String.class).isEqualTo(email)
                .path("departureReport.exposures.edges[0].node.stillCurrent").entity(Boolean.class).isEqualTo(true);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    static Map<String, String> readmeOperations() throws IOException {
        Path readme = Path.of("..", "README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("README.md");
        }
        Matcher blocks = BLOCK.matcher(Files.readString(readme));
        Map<String, String> operations = new LinkedHashMap<>();
        while (blocks.find()) {
            String document = blocks.group(1).strip();
            Matcher name = NAME.matcher(document);
            assertThat(name.find()).as("every README GraphQL block is a named operation: " + document).isTrue();
            operations.put(name.group(2), document);
        }
        return operations;
    }

}
