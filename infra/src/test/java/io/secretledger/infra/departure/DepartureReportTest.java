package io.secretledger.infra.departure;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import io.secretledger.infra.support.Canaries;
import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.Refusals;
import io.secretledger.infra.support.Storage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 20, item 4: a member reveals fields of two secrets (one on a ticket), one of them is rotated, the member is
 * removed, and the owner asks what the member took away and what of it is still to rotate, over GraphQL and as the
 * NDJSON export; so may an installation operator naming the workspace; nobody else may ask, no value is ever in the
 * answer, and every answered read is in the workspace's audit log first (ADR 0024).
 */
class DepartureReportTest extends LiveApplicationTest {

    @Autowired
    private MongoClient mongo;

    private HttpGraphQlTester owner;
    private final List<String> canaries = new ArrayList<>();
    private String leaverId;
    private String editorToken;
    private String payments;
    private String crm;
    private String ticketId;
    private Instant before;

    @BeforeEach
    void departingMember() {
        owner = asOwner();
        before = Instant.now();
        String templateId = owner.documentName("createTemplate").variable("input", Map.of("name",
                        "Login " + UUID.randomUUID(), "fields", List.of(
                                Map.of("key", "username", "label", "User", "type", "TEXT", "required", true),
                                Map.of("key", "password", "label", "Password", "type", "TEXT", "required", true,
                                        "sensitive", true),
                                Map.of("key", "recovery", "label", "Recovery code", "type", "TEXT",
                                        "required", true, "sensitive", true))))
                .execute().path("createTemplate.template.id").entity(String.class).get();
        payments = createSecret(templateId, "departure-payments-" + UUID.randomUUID());
        crm = createSecret(templateId, "departure-crm-" + UUID.randomUUID());
        ticketId = owner.documentName("registerTicket").variable("input", Map.of("reference",
                        "HD-" + UUID.randomUUID(), "contactIds", List.of(), "memberIds", List.of()))
                .execute().path("registerTicket.ticketId").entity(String.class).get();

        String email = "leaver-" + UUID.randomUUID() + "@demo.local";
        leaverId = addMember(email);
        HttpGraphQlTester leaver = http(tokens.mint(demo.workspaceId(), leaverId, email, Duration.ofMinutes(10)));
        reveal(leaver, payments, "password", ticketId);
        reveal(leaver, payments, "recovery", null);
        reveal(leaver, crm, "password", null);

        String editorEmail = "stays-" + UUID.randomUUID() + "@demo.local";
        editorToken = tokens.mint(demo.workspaceId(), addMember(editorEmail), editorEmail, Duration.ofMinutes(10));

        int version = owner.document("query($id: ID!) { secret(id: $id) { version } }").variable("id", payments)
                .execute().path("secret.version").entity(Integer.class).get();
        String rotated = Canaries.plant("rotated");
        canaries.add(rotated);
        owner.documentName("updateSecret").variable("input", Map.of("id", payments, "expectedVersion", version,
                        "values", List.of(Map.of("key", "password", "value", rotated))))
                .execute().path("updateSecret.secret.id").entity(String.class).isEqualTo(payments);
        owner.documentName("removeMember").variable("memberId", leaverId).execute()
                .path("removeMember.memberId").entity(String.class).isEqualTo(leaverId);
    }

    @Test
    void canTellTheOwnerWhatARemovedMemberSawAndWhatIsStillToRotate() {
        awaitCaughtUp();
        GraphQlTester.Response report = owner.documentName("departureReport").variable("memberId", leaverId).execute();

        report.path("departureReport.subject.id").entity(String.class).isEqualTo(leaverId);
        report.path("departureReport.subject.type").entity(String.class).isEqualTo("MEMBER");
        report.path("departureReport.subject.removed").entity(Boolean.class).isEqualTo(true);
        report.path("departureReport.subject.removedAt").hasValue();
        report.path("departureReport.exposureCount").entity(Integer.class).isEqualTo(3);
        List<Map<String, Object>> exposures = report.path("departureReport.exposures.edges[*].node")
                .entityList(mapType()).get();
        assertThat(exposures).extracting(node -> node.get("secretId") + "/" + node.get("fieldKey") + "@"
                        + node.get("fieldVersion") + " " + node.get("stillCurrent") + " now " + node.get("currentVersion"))
                .containsExactly(payments + "/password@1 false now 2", payments + "/recovery@1 true now 1",
                        crm + "/password@1 true now 1");
        assertThat(exposures.get(0)).containsEntry("ticketId", ticketId).containsEntry("how", "REVEAL");
        assertThat(exposures.get(1).get("ticketId")).isNull();
        assertThat(exposures).allSatisfy(node -> assertThat(node).containsEntry("secretDeleted", false)
                .containsEntry("secretPurged", false).containsKey("grant"));
        List<Map<String, Object>> toRotate = report.path("departureReport.toRotate").entityList(mapType()).get();
        assertThat(toRotate).extracting(field -> field.get("secretId") + "/" + field.get("fieldKey"))
                .containsExactlyInAnyOrder(payments + "/recovery", crm + "/password");
        assertThat(toRotate).allSatisfy(field -> assertThat(field.get("how")).isEqualTo(List.of("REVEAL")));
        assertNoValue(report.returnResponse().toString());
        assertNoValue(String.join("\n", Storage.projectionDocuments(mongo, "secretledger")));

        // A page at a time, and a range that holds nothing.
        GraphQlTester.Response first = owner.documentName("departureReport").variable("memberId", leaverId)
                .variable("first", 2).execute();
        first.path("departureReport.exposures.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
        String cursor = first.path("departureReport.exposures.pageInfo.endCursor").entity(String.class).get();
        owner.documentName("departureReport").variable("memberId", leaverId).variable("first", 2)
                .variable("after", cursor).execute()
                .path("departureReport.exposures.edges[*].node.secretId").entityList(String.class).containsExactly(crm);
        GraphQlTester.Response later = owner.documentName("departureReport").variable("memberId", leaverId)
                .variable("from", Instant.now().plusSeconds(3600).toString()).execute();
        later.path("departureReport.exposureCount").entity(Integer.class).isEqualTo(0);
        later.path("departureReport.toRotate").entityList(Object.class).hasSize(0);
        owner.documentName("departureReport").variable("memberId", leaverId).variable("from", before.toString())
                .variable("to", Instant.now().plusSeconds(60).toString()).execute()
                .path("departureReport.exposureCount").entity(Integer.class).isEqualTo(3);
    }

    @Test
    void canExportTheReportAsOneJsonLinePerExposure() throws Exception {
        awaitCaughtUp();

        HttpResponse<String> export = get("/departure/export?memberId=" + leaverId + "&from="
                + encode(before.toString()), ownerToken());

        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/x-ndjson"));
        assertThat(export.body()).endsWith("\n");
        String[] lines = export.body().split("\n");
        assertThat(lines).hasSize(3);
        List<String> seen = new ArrayList<>();
        for (String line : lines) {
            JsonNode exposure = json.readTree(line);
            assertThat(exposure.isObject()).isTrue();
            assertThat(exposure.get("how").asText()).isEqualTo("REVEAL");
            assertThat(Instant.parse(exposure.get("at").asText())).isAfter(before);
            seen.add(exposure.get("secretId").asText() + "/" + exposure.get("fieldKey").asText() + " "
                    + exposure.get("stillCurrent").asBoolean());
        }
        assertThat(seen).containsExactly(payments + "/password false", payments + "/recovery true",
                crm + "/password true");
        assertThat(json.readTree(lines[0]).get("ticketId").asText()).isEqualTo(ticketId);
        assertNoValue(export.body());
    }

    @Test
    void cannotBeAskedWithABadRangeAnUnknownSubjectOrByAnyoneButAnOwnerAndRecordsNothingWhenRefused()
            throws Exception {
        String now = Instant.now().toString();
        String earlier = Instant.now().minusSeconds(60).toString();
        Map<String, String> foreign = foreignWorkspace();
        String foreignMember = foreign.get("ownerMemberId");
        String foreignWorkspace = foreign.get("workspaceId");
        long events = storedEvents();
        owner.documentName("departureReport").variable("memberId", leaverId).variable("from", now)
                .variable("to", earlier).execute().errors()
                .satisfy(errors -> Refusals.assertSingle(errors, "VALIDATION", "to"));
        owner.documentName("departureReport").variable("memberId", UUID.randomUUID().toString()).execute().errors()
                .satisfy(errors -> Refusals.assertSingle(errors, "NOT_FOUND", "memberId"));
        owner.documentName("departureReport").variable("memberId", "not-an-id").execute().errors()
                .satisfy(errors -> Refusals.assertSingle(errors, "VALIDATION", "memberId"));
        owner.documentName("departureReport").variable("memberId", foreignMember).execute().errors()
                .satisfy(errors -> Refusals.assertSingle(errors, "NOT_FOUND", "memberId"));
        http(editorToken).documentName("departureReport").variable("memberId", leaverId).execute().errors()
                .satisfy(errors -> Refusals.assertSingle(errors, "FORBIDDEN", null));
        http(tokens.mintOperatorOnly("operator-" + UUID.randomUUID(), "ops@demo.local", Duration.ofMinutes(5)))
                .documentName("departureReport").variable("memberId", leaverId).execute().errors()
                .satisfy(errors -> Refusals.assertSingle(errors, "FORBIDDEN", null));

        assertThat(get("/departure/export?memberId=" + leaverId, null).statusCode()).isEqualTo(401);
        assertRefused(get("/departure/export?memberId=" + leaverId, editorToken), 403, "FORBIDDEN", null);
        assertRefused(get("/departure/export?memberId=" + foreignMember, ownerToken()), 404, "NOT_FOUND", "memberId");
        assertRefused(get("/departure/export?memberId=" + UUID.randomUUID(), ownerToken()), 404, "NOT_FOUND",
                "memberId");
        assertRefused(get("/departure/export?memberId=" + leaverId + "&from=" + encode(now) + "&to=" + encode(earlier),
                ownerToken()), 400, "VALIDATION", "to");
        assertRefused(get("/departure/export?memberId=" + leaverId + "&from=yesterday", ownerToken()), 400,
                "VALIDATION", "from");
        assertRefused(get("/departure/export", ownerToken()), 400, "VALIDATION", "memberId");

        // Only an operator names another workspace; an owner naming their own is answered (below, recorded).
        owner.documentName("departureReport").variable("memberId", foreignMember)
                .variable("workspaceId", foreignWorkspace).execute().errors()
                .satisfy(errors -> Refusals.assertSingle(errors, "FORBIDDEN", "workspaceId"));
        assertRefused(get("/departure/export?workspaceId=" + foreignWorkspace + "&memberId=" + foreignMember,
                ownerToken()), 403, "FORBIDDEN", "workspaceId");
        assertRefused(get("/departure/export?workspaceId=" + UUID.randomUUID() + "&memberId=" + leaverId,
                editorToken), 403, "FORBIDDEN", "workspaceId");
        String operator = tokens.mintOperatorOnly("operator-" + UUID.randomUUID(), "ops@demo.local",
                Duration.ofMinutes(5));
        http(operator).documentName("departureReport").variable("memberId", leaverId)
                .variable("workspaceId", UUID.randomUUID().toString()).execute().errors()
                .satisfy(errors -> Refusals.assertSingle(errors, "NOT_FOUND", "workspaceId"));
        http(operator).documentName("departureReport").variable("memberId", leaverId)
                .variable("workspaceId", "not-an-id").execute().errors()
                .satisfy(errors -> Refusals.assertSingle(errors, "VALIDATION", "workspaceId"));
        assertRefused(get("/departure/export?workspaceId=" + UUID.randomUUID() + "&memberId=" + leaverId, operator),
                404, "NOT_FOUND", "workspaceId");
        assertRefused(get("/departure/export?workspaceId=" + foreignWorkspace + "&memberId=" + leaverId, operator),
                404, "NOT_FOUND", "memberId");
        assertRefused(get("/departure/export?workspaceId=" + demo.workspaceId() + "&memberId=" + leaverId
                + "&from=" + encode(now) + "&to=" + encode(earlier), operator), 400, "VALIDATION", "to");
        assertThat(storedEvents()).as("a refused report is not recorded: nothing was read").isEqualTo(events);
    }

    /**
     * ADR 0024: an installation operator is no member of the workspace and sees none of its secrets, but may read its
     * departure report (ids, keys, versions and times), and each read is recorded in that workspace's audit log, as
     * the operator (the person's subject), before anything of it is given.
     */
    @Test
    void canGiveAnOperatorTheReportOfAWorkspaceOnlyOnceTheReadIsInThatWorkspacesAuditLog() throws Exception {
        awaitCaughtUp();
        String operatorId = "operator-" + UUID.randomUUID();
        String operator = tokens.mintOperatorOnly(operatorId, "ops@demo.local", Duration.ofMinutes(5));
        long events = storedEvents();
        Instant since = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

        GraphQlTester.Response report = http(operator).documentName("departureReport").variable("memberId", leaverId)
                .variable("workspaceId", demo.workspaceId()).execute();
        report.path("departureReport.subject.id").entity(String.class).isEqualTo(leaverId);
        report.path("departureReport.exposureCount").entity(Integer.class).isEqualTo(3);
        assertThat(report.path("departureReport.toRotate[*].fieldKey").entityList(String.class).get())
                .containsExactlyInAnyOrder("recovery", "password");
        assertNoValue(report.returnResponse().toString());
        assertThat(storedEvents()).as("the query, recorded once").isEqualTo(events + 1);

        HttpResponse<String> export = get("/departure/export?workspaceId=" + demo.workspaceId() + "&memberId="
                + leaverId + "&from=" + encode(before.toString()), operator);
        assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
        assertThat(export.body().split("\n")).hasSize(3);
        assertNoValue(export.body());
        assertThat(storedEvents()).as("the export, recorded once").isEqualTo(events + 2);

        // Still no query of the workspace without naming it: the operator is no member (ADR 0021).
        http(operator).documentName("departureReport").variable("memberId", leaverId).execute().errors()
                .satisfy(errors -> Refusals.assertSingle(errors, "FORBIDDEN", null));

        List<Map<String, Object>> reads = awaitReads(2, operatorId, since);
        assertThat(reads).extracting(entry -> entry.get("targetType") + ":" + entry.get("targetId") + " "
                        + entry.get("result"))
                .containsExactly("member:" + leaverId + " recorded: GRAPHQL",
                        "member:" + leaverId + " recorded: NDJSON_EXPORT");
        assertThat(reads).allSatisfy(entry -> assertThat(entry.get("actor"))
                .isEqualTo(Map.of("type", "OPERATOR", "id", operatorId, "displayName", "ops@demo.local")));
    }

    @Test
    void canRecordEachReadOfAnOwnerInTheAuditLogToo() throws Exception {
        awaitCaughtUp();
        long events = storedEvents();
        Instant since = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

        owner.documentName("departureReport").variable("memberId", leaverId)
                .variable("workspaceId", demo.workspaceId()).execute()
                .path("departureReport.exposureCount").entity(Integer.class).isEqualTo(3);
        HttpResponse<String> export = get("/departure/export?memberId=" + leaverId, ownerToken());
        assertThat(export.statusCode()).isEqualTo(200);

        assertThat(storedEvents()).isEqualTo(events + 2);
        List<Map<String, Object>> reads = awaitReads(2, demo.ownerMemberId(), since);
        assertThat(reads).extracting(entry -> entry.get("result"))
                .containsExactly("recorded: GRAPHQL", "recorded: NDJSON_EXPORT");
        assertThat(reads).allSatisfy(entry -> assertThat(entry.get("targetId")).isEqualTo(leaverId));
    }

    /** The workspace's DepartureReportRead entries by {@code actorId} since {@code since}, once {@code count} show. */
    private List<Map<String, Object>> awaitReads(int count, String actorId, Instant since) {
        List<Map<String, Object>> reads = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            reads.clear();
            reads.addAll(owner.document("query($filter: AuditFilterInput) { auditLog(first: 100, filter: $filter) { "
                            + "edges { node { actor { type id displayName } targetType targetId result } } } }")
                    .variable("filter", Map.of("action", "DepartureReportRead", "actorId", actorId, "from",
                            since.toString()))
                    .execute().path("auditLog.edges[*].node").entityList(mapType()).get());
            assertThat(reads).hasSize(count);
        });
        return reads;
    }

    /** The projection has the rotation and the removal, the last two events of the set-up, once both show. */
    private void awaitCaughtUp() {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            GraphQlTester.Response report = owner.documentName("departureReport").variable("memberId", leaverId)
                    .execute();
            report.path("departureReport.subject.removed").entity(Boolean.class).isEqualTo(true);
            report.path("departureReport.exposureCount").entity(Integer.class).isEqualTo(3);
            report.path("departureReport.exposures.edges[0].node.stillCurrent").entity(Boolean.class).isEqualTo(false);
        });
    }

    /** Another workspace: its id and its owner's member id. */
    private Map<String, String> foreignWorkspace() {
        HttpGraphQlTester operator = http(tokens.mintOperator(demo.workspaceId(), demo.ownerMemberId(),
                demo.ownerEmail(), Duration.ofMinutes(5)));
        GraphQlTester.Response created = operator.documentName("createWorkspace").variable("input", Map.of("name",
                        "Departure elsewhere " + UUID.randomUUID(), "ownerEmail", "elsewhere-" + UUID.randomUUID()
                                + "@demo.local")).execute();
        return Map.of("ownerMemberId", created.path("createWorkspace.ownerMemberId").entity(String.class).get(),
                "workspaceId", created.path("createWorkspace.workspace.id").entity(String.class).get());
    }

    private String createSecret(String templateId, String name) {
        String password = Canaries.plant("password");
        String recovery = Canaries.plant("recovery");
        canaries.add(password);
        canaries.add(recovery);
        return owner.documentName("createSecret").variable("input", Map.of("templateId", templateId, "name", name,
                        "values", List.of(Map.of("key", "username", "value", "svc-departure"),
                                Map.of("key", "password", "value", password), Map.of("key", "recovery", "value", recovery))))
                .execute().path("createSecret.secret.id").entity(String.class).get();
    }

    private String addMember(String email) {
        return owner.documentName("addMember").variable("input", Map.of("email", email, "role", "EDITOR")).execute()
                .path("addMember.member.id").entity(String.class).get();
    }

    private static void reveal(HttpGraphQlTester member, String secretId, String fieldKey, String ticketId) {
        Map<String, Object> input = new java.util.HashMap<>(Map.of("secretId", secretId, "fieldKey", fieldKey));
        if (ticketId != null) {
            input.put("ticketId", ticketId);
        }
        member.documentName("revealSecretField").variable("input", input).execute()
                .path("revealSecretField.value").hasValue();
    }

    private void assertNoValue(String answer) {
        assertThat(canaries).isNotEmpty().allSatisfy(canary -> assertThat(answer).doesNotContain(canary));
    }

    private void assertRefused(HttpResponse<String> response, int status, String code, String field) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("code").asText()).isEqualTo(code);
        if (field == null) {
            assertThat(body.has("field")).isFalse();
        } else {
            assertThat(body.get("field").asText()).isEqualTo(field);
        }
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static org.springframework.core.ParameterizedTypeReference<Map<String, Object>> mapType() {
        return new org.springframework.core.ParameterizedTypeReference<>() {
        };
    }
}
