package io.secretledger.infra.accessrequest;

import com.icegreen.greenmail.util.GreenMail;
import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.ReceivedMail;
import io.secretledger.infra.support.Storage;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import reactor.core.Disposable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.secretledger.infra.support.Refusals.assertSingle;
import static io.secretledger.infra.support.SecretSteps.createApiKeyTemplate;
import static io.secretledger.infra.support.SecretSteps.createSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 20 item 1 over real GraphQL, WebSocket and SMTP: a member who cannot reach a secret asks for it on a
 * ticket; an approver (never the requester) sees it, approves it; the member reveals under that grant, which
 * explainAccess and whoCouldReveal name, until the ticket closes; an owner breaks the glass, which is marked in the
 * audit log and mailed to the other owner. Every bad input stores nothing.
 */
class AccessRequestsTest extends LiveApplicationTest {

    private static final String REQUEST = """
            mutation($input: RequestAccessInput!) { requestAccess(input: $input) { requestId status until } }""";
    private static final String APPROVE = """
            mutation($input: DecideAccessRequestInput!) { approveAccessRequest(input: $input) { requestId status until } }""";
    private static final String LIST = """
            query($status: AccessRequestStatus) { accessRequests(first: 50, status: $status) { edges { node {
              id secretId secretName memberId memberEmail number ticketId reason durationMinutes breakGlass status
              decidedBy comment until } } } }""";
    private static final String WATCH = "subscription { accessRequestsChanged { id status memberEmail } }";

    @Autowired
    private GreenMail mail;

    private HttpGraphQlTester owner;
    private String canary;
    private String secretId;
    private String helperEmail;
    private String helperId;
    private HttpGraphQlTester helper;
    private String approverEmail;
    private HttpGraphQlTester approver;
    private String ticketId;

    @BeforeEach
    void setUp() {
        owner = asOwner();
        canary = "sk_jit_" + UUID.randomUUID();
        secretId = createSecret(owner, createApiKeyTemplate(owner), "jit-" + UUID.randomUUID(), canary);
        helperEmail = "helpdesk-" + UUID.randomUUID() + "@demo.local";
        helperId = addMember(helperEmail, Map.of("permissions", List.of("VIEW_ASSIGNED")));
        helper = http(tokens.mint(demo.workspaceId(), helperId, helperEmail, Duration.ofMinutes(10)));
        approverEmail = "approver-" + UUID.randomUUID() + "@demo.local";
        String approverId = addMember(approverEmail, Map.of("role", "ADMIN"));
        approver = http(tokens.mint(demo.workspaceId(), approverId, approverEmail, Duration.ofMinutes(10)));
        ticketId = owner.documentName("registerTicket").variable("input", Map.of("reference",
                        "HD-" + UUID.randomUUID(), "memberIds", List.of(helperId))).execute()
                .path("registerTicket.ticketId").entity(String.class).get();
        settings(true, false);
    }

    @AfterEach
    void tearDown() {
        settings(false, false);
    }

    @Test
    void aMemberAsksAnApproverApprovesAndTheGrantEndsWhenTheTicketCloses() throws Exception {
        BlockingQueue<Object> helperSees = new LinkedBlockingQueue<>();
        BlockingQueue<Object> approverSees = new LinkedBlockingQueue<>();
        Disposable helperWatch = webSocket(tokens.mint(demo.workspaceId(), helperId, helperEmail,
                Duration.ofMinutes(5))).document(WATCH).executeSubscription()
                .toFlux("accessRequestsChanged", Map.class).subscribe(helperSees::add, helperSees::add);
        Disposable approverWatch = webSocket(bearerOf(approverEmail)).document(WATCH).executeSubscription()
                .toFlux("accessRequestsChanged", Map.class).subscribe(approverSees::add, approverSees::add);
        try {
            reveal(helper, null).errors().satisfy(errors -> assertSingle(errors, "FORBIDDEN", null));
            Thread.sleep(500); // both subscriptions are open before the first change
            String requestId = helper.document(REQUEST).variable("input", request(ticketId,
                            "Customer locked out of the payment portal", 30)).execute()
                    .path("requestAccess.status").entity(String.class).isEqualTo("PENDING")
                    .path("requestAccess.requestId").entity(String.class).get();

            assertThat(mailTo(approverEmail, "Access requested")).singleElement().asString()
                    .contains("Customer locked out of the payment portal").contains(requestId);
            assertThat(mailTo(demo.ownerEmail(), "Access requested")).isNotEmpty();
            assertThat(messages(helperEmail, "Access requested")).isEmpty();
            assertThat(pushed(approverSees)).containsEntry("id", requestId).containsEntry("status", "PENDING")
                    .containsEntry("memberEmail", helperEmail);
            assertThat(pushed(helperSees)).containsEntry("status", "PENDING");

            Map<String, Object> pending = await().atMost(Duration.ofSeconds(10)).until(() -> listed(approver,
                    "PENDING", requestId), found -> found != null);
            assertThat(pending).containsEntry("secretId", secretId).containsEntry("memberId", helperId)
                    .containsEntry("ticketId", ticketId).containsEntry("durationMinutes", 30)
                    .containsEntry("breakGlass", false);
            assertThat((String) pending.get("secretName")).startsWith("jit-");

            helper.document(APPROVE).variable("input", Map.of("requestId", requestId)).execute().errors()
                    .satisfy(errors -> assertSingle(errors, "FORBIDDEN", null));
            String until = approver.document(APPROVE).variable("input", Map.of("requestId", requestId, "comment",
                            "ok for this ticket")).execute()
                    .path("approveAccessRequest.status").entity(String.class).isEqualTo("APPROVED")
                    .path("approveAccessRequest.until").entity(String.class).get();
            assertThat(Instant.parse(until)).isAfter(Instant.now().plus(Duration.ofMinutes(29)));
            assertThat(mailTo(helperEmail, "Access approved")).singleElement().asString()
                    .contains("ok for this ticket");
            assertThat(pushedUntil(helperSees, "APPROVED")).containsEntry("id", requestId);

            reveal(helper, null).path("revealSecretField.value").entity(String.class).isEqualTo(canary)
                    .path("revealSecretField.grant").entity(String.class).isEqualTo("access-request:" + requestId);
            owner.documentName("explainAccess").variable("secretId", secretId).variable("memberId", helperId)
                    .execute().path("explainAccess.viewGrants[0].name").entity(String.class)
                    .isEqualTo("access-request:" + requestId);
            owner.documentName("whoCouldReveal").variable("secretId", secretId)
                    .variable("at", Instant.now().toString()).execute()
                    .path("whoCouldReveal.members[?(@.memberId == '" + helperId + "')].grant")
                    .entityList(String.class).containsExactly("access-request:" + requestId);
            helper.documentName("secret").variable("id", secretId).execute().path("secret.id").entity(String.class)
                    .isEqualTo(secretId);

            owner.documentName("updateTicket").variable("input", Map.of("ticketId", ticketId, "status", "CLOSED"))
                    .execute().path("updateTicket.ticketId").hasValue();
            reveal(helper, null).errors().satisfy(errors -> assertSingle(errors, "FORBIDDEN", null));
            await().atMost(Duration.ofSeconds(10)).until(() -> listed(approver, "ENDED", requestId) != null);
            assertThat(pushedUntil(helperSees, "ENDED")).containsEntry("id", requestId);

            assertThat(Storage.projectionDocuments(mongoClient, "secretledger")).noneMatch(doc -> doc.contains(canary));
            assertThat(allMail()).noneMatch(text -> text.contains(canary));
        } finally {
            helperWatch.dispose();
            approverWatch.dispose();
        }
    }

    @Test
    void badRequestsAreRefusedWithTheirFieldAndStoreNothing() {
        String closed = owner.documentName("registerTicket").variable("input", Map.of("reference",
                        "HD-" + UUID.randomUUID(), "memberIds", List.of(helperId))).execute()
                .path("registerTicket.ticketId").entity(String.class).get();
        owner.documentName("updateTicket").variable("input", Map.of("ticketId", closed, "status", "CLOSED"))
                .execute();
        long before = storedEvents();
        helper.document(REQUEST).variable("input", request(ticketId, "why", 8 * 60 + 1)).execute().errors()
                .satisfy(errors -> assertSingle(errors, "VALIDATION", "durationMinutes"));
        helper.document(REQUEST).variable("input", request(ticketId, " ", 30)).execute().errors()
                .satisfy(errors -> assertSingle(errors, "VALIDATION", "reason"));
        helper.document(REQUEST).variable("input", request(ticketId, "x".repeat(501), 30)).execute().errors()
                .satisfy(errors -> assertSingle(errors, "VALIDATION", "reason"));
        helper.document(REQUEST).variable("input", request(closed, "why", 30)).execute().errors()
                .satisfy(errors -> assertSingle(errors, "VALIDATION", "ticketId"));
        helper.document(REQUEST).variable("input", request(UUID.randomUUID().toString(), "why", 30)).execute()
                .errors().satisfy(errors -> assertSingle(errors, "NOT_FOUND", "ticketId"));
        approver.document(REQUEST).variable("input", request(ticketId, "why", 30)).execute().errors()
                .satisfy(errors -> assertSingle(errors, "VALIDATION", "secretId"));
        assertThat(storedEvents()).isEqualTo(before);

        helper.document(REQUEST).variable("input", request(ticketId, "why", 30)).execute()
                .path("requestAccess.status").entity(String.class).isEqualTo("PENDING");
        long after = storedEvents();
        helper.document(REQUEST).variable("input", request(ticketId, "again", 30)).execute().errors()
                .satisfy(errors -> assertSingle(errors, "CONFLICT", "secretId"));
        assertThat(storedEvents()).isEqualTo(after);
    }

    @Test
    void anOwnerBreaksTheGlassMarkedInTheAuditLogAndMailedToTheOtherOwners() throws Exception {
        String otherOwner = "owner-" + UUID.randomUUID() + "@demo.local";
        addMember(otherOwner, Map.of("role", "OWNER"));
        settings(true, true);
        reveal(owner, "outage").errors().satisfy(errors -> assertSingle(errors, "VALIDATION", "ticketId"));
        approver.document("""
                        mutation($input: BreakGlassInput!) { breakGlass(input: $input) { requestId status } }""")
                .variable("input", Map.of("secretId", secretId, "reason", "Payments down", "durationMinutes", 15))
                .execute().errors().satisfy(errors -> assertSingle(errors, "FORBIDDEN", null));
        String requestId = owner.document("""
                        mutation($input: BreakGlassInput!) { breakGlass(input: $input) { requestId status until } }""")
                .variable("input", Map.of("secretId", secretId, "reason", "Payments down, helpdesk unreachable",
                        "durationMinutes", 15)).execute()
                .path("breakGlass.status").entity(String.class).isEqualTo("APPROVED")
                .path("breakGlass.requestId").entity(String.class).get();
        assertThat(mailTo(otherOwner, "Break-glass access")).singleElement().asString()
                .contains("Payments down, helpdesk unreachable");
        assertThat(messages(demo.ownerEmail(), "Break-glass access")).noneMatch(text -> text.contains(requestId));

        reveal(owner, "outage").path("revealSecretField.value").entity(String.class).isEqualTo(canary)
                .path("revealSecretField.grant").entity(String.class).isEqualTo("break-glass:" + requestId);
        List<String> results = await().atMost(Duration.ofSeconds(10)).until(() -> owner.documentName("auditLog")
                        .variable("first", 50).variable("filter", Map.of("secretId", secretId)).execute()
                        .path("auditLog.edges[*].node.result").entityList(String.class).get(),
                list -> list.contains("revealed: outage"));
        assertThat(results).contains("break-glass: Payments down, helpdesk unreachable");
    }

    private GraphQlTester.Response reveal(HttpGraphQlTester who, String reason) {
        Map<String, Object> input = new HashMap<>();
        input.put("secretId", secretId);
        input.put("fieldKey", "token");
        input.put("reason", reason);
        return who.documentName("revealSecretField").variable("input", input).execute();
    }

    private Map<String, Object> request(String ticket, String reason, int minutes) {
        return Map.of("secretId", secretId, "ticketId", ticket, "reason", reason, "durationMinutes", minutes);
    }

    private Map<String, Object> listed(HttpGraphQlTester who, String status, String requestId) {
        List<Object> nodes = who.document(LIST).variable("status", status).execute()
                .path("accessRequests.edges[*].node").entityList(Object.class).get();
        return nodes.stream().map(AccessRequestsTest::cast).filter(node -> requestId.equals(node.get("id")))
                .findFirst().orElse(null);
    }

    private Map<String, Object> pushed(BlockingQueue<Object> queue) throws InterruptedException {
        Object next = queue.poll(20, TimeUnit.SECONDS);
        assertThat(next).as("a pushed change").isInstanceOf(Map.class);
        return cast(next);
    }

    private Map<String, Object> pushedUntil(BlockingQueue<Object> queue, String status) throws InterruptedException {
        Map<String, Object> next = pushed(queue);
        while (!status.equals(next.get("status"))) {
            next = pushed(queue);
        }
        return next;
    }

    /** The mails to {@code address} whose subject starts so, once there is one. */
    private List<String> mailTo(String address, String subject) {
        return ReceivedMail.awaitTexts(mail, address, subject);
    }

    private List<String> messages(String address, String subject) throws Exception {
        return ReceivedMail.texts(mail, address, subject);
    }

    private List<String> allMail() throws Exception {
        List<String> texts = new ArrayList<>();
        for (MimeMessage message : mail.getReceivedMessages()) {
            texts.add(message.getSubject() + "\n" + message.getContent());
        }
        return texts;
    }

    private String addMember(String email, Map<String, Object> access) {
        Map<String, Object> input = new HashMap<>(access);
        input.put("email", email);
        return owner.documentName("addMember").variable("input", input).execute()
                .path("addMember.member.id").entity(String.class).get();
    }

    private String bearerOf(String email) {
        String memberId = owner.documentName("workspace").execute()
                .path("workspace.members[?(@.email == '" + email + "')].id").entityList(String.class).get().get(0);
        return tokens.mint(demo.workspaceId(), memberId, email, Duration.ofMinutes(5));
    }

    private void settings(boolean restricted, boolean ticketRequired) {
        owner.documentName("changeWorkspaceSettings").variable("input", Map.of("clientSecretsEnabled", true,
                        "restrictToAssignedUsers", restricted, "requireEmailVerification", false,
                        "requireRevealReason", false, "requireRevealTicket", ticketRequired))
                .execute().path("changeWorkspaceSettings.workspace.settings.restrictToAssignedUsers")
                .entity(Boolean.class).isEqualTo(restricted);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object node) {
        return (Map<String, Object>) node;
    }

    @Autowired
    private com.mongodb.client.MongoClient mongoClient;
}
