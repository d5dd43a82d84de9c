package io.secretledger.infra.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.Refusals;
import io.secretledger.infra.support.SecretSteps;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The workspace audit log over GraphQL: every event an entry, filters, and a hash chain that shows tampering. */
class AuditLogTest extends LiveApplicationTest {

    @Autowired
    private MongoClient mongo;

    @Test
    void canListEveryEventOfTheWorkspaceChainedAndFilteredWithoutAnyValue() throws Exception {
        HttpGraphQlTester owner = asOwner();
        String canary = "sk_audit_" + UUID.randomUUID();
        String templateId = SecretSteps.createApiKeyTemplate(owner);
        String secretId = SecretSteps.createSecret(owner, templateId, "audit-" + UUID.randomUUID(), canary);
        owner.documentName("revealSecretField")
                .variable("input", Map.of("secretId", secretId, "fieldKey", "token")).execute()
                .path("revealSecretField.value").entity(String.class).isEqualTo(canary);

        List<Map<String, Object>> secretEntries = awaitEntries(owner, Map.of("secretId", secretId), 2);
        assertThat(secretEntries).extracting(entry -> entry.get("action"))
                .containsExactly("SecretCreated", "SecretRevealed");
        Map<String, Object> reveal = secretEntries.get(1);
        assertThat(reveal).containsEntry("result", "revealed").containsEntry("grant", "permission:ACCOUNT_OWNER")
                .containsEntry("targetType", "secret");
        assertThat(((Map<?, ?>) reveal.get("actor")).get("id")).isEqualTo(demo.ownerMemberId());
        assertThat(awaitEntries(owner, Map.of("action", "SecretRevealed", "secretId", secretId), 1)).hasSize(1);

        // Each hash is SHA-256 of the one before and the entry, so the whole log is one chain from the first entry.
        List<Map<String, Object>> all = allEntries(owner, Map.of());
        assertThat(all).extracting(entry -> entry.get("action")).contains("WorkspaceCreated", "TemplateCreated");
        assertThat(all.get(0).get("hash")).isNotEqualTo(all.get(1).get("hash"));
        assertThat(all.toString()).doesNotContain(canary);
        for (Document stored : log().find(Filters.eq("workspaceId", demo.workspaceId()))) {
            assertThat(stored.toJson()).doesNotContain(canary);
        }
        assertThat(verify(owner)).containsEntry("intact", true);
        assertThat(((Number) verify(owner).get("checked")).intValue()).isGreaterThanOrEqualTo(all.size());
    }

    @Test
    void canShowARefusedRevealInTheLogAndInTheSecretsHistory() {
        HttpGraphQlTester owner = asOwner();
        String canary = "sk_refused_" + UUID.randomUUID();
        String templateId = SecretSteps.createApiKeyTemplate(owner);
        String secretId = SecretSteps.createSecret(owner, templateId, "refused-" + UUID.randomUUID(), canary,
                "RESTRICTED");

        owner.documentName("revealSecretField").variable("input", Map.of("secretId", secretId, "fieldKey", "token"))
                .execute().errors().satisfy(errors -> Refusals.assertSingle(errors, "FORBIDDEN", null));

        List<Map<String, Object>> entries = awaitEntries(owner, Map.of("secretId", secretId), 2);
        assertThat(entries.get(1)).containsEntry("action", "SecretRevealRefused")
                .containsEntry("result", "refused: FORBIDDEN");
        assertThat(((Map<?, ?>) entries.get(1).get("actor")).get("id")).isEqualTo(demo.ownerMemberId());
        assertThat(entries.toString()).doesNotContain(canary);
        assertThat(verify(owner)).containsEntry("intact", true);
    }

    @Test
    void canNameTheFirstEntryChangedRemovedOrAddedInTheStore() throws Exception {
        HttpGraphQlTester owner = asOwner();
        String templateId = SecretSteps.createApiKeyTemplate(owner);
        String secretId = SecretSteps.createSecret(owner, templateId, "tamper-" + UUID.randomUUID(), "sk_" + UUID.randomUUID());
        Map<String, Object> created = awaitEntries(owner, Map.of("secretId", secretId), 1).get(0);
        String position = (String) created.get("position");
        long at = Long.parseLong(position);
        Document chunk = chunkHolding(at);
        List<String> lines = lines(chunk);
        int index = java.util.stream.IntStream.range(0, lines.size())
                .filter(i -> entry(lines.get(i)).path("position").asLong() == at).findFirst().orElseThrow();
        ObjectNode original = entry(lines.get(index));
        assertThat(verify(owner)).containsEntry("intact", true);

        try {
            // An insider rewrites who did it, and even recomputes a plausible hash: the event store disagrees.
            ObjectNode rewritten = original.deepCopy();
            ((ObjectNode) rewritten.path("actor")).put("displayName", "someone-else@example.com");
            rewritten.put("hash", sha256(original.path("hash").asText()));
            List<String> edited = new java.util.ArrayList<>(lines);
            edited.set(index, rewritten.toString());
            replaceLines(chunk, edited);
            Map<String, Object> changed = verify(owner);
            assertThat(changed).containsEntry("intact", false).containsEntry("firstBroken", position)
                    .containsEntry("reason", "CHANGED").containsEntry("expectedHash", original.path("hash").asText());

            // A line that is not an entry at all (broken JSON) is a change too.
            edited.set(index, "{\"position\": \"" + at + "\", \"hash\": ");
            replaceLines(chunk, edited);
            assertThat(verify(owner)).containsEntry("firstBroken", position).containsEntry("reason", "CHANGED");

            List<String> removed = new java.util.ArrayList<>(lines);
            removed.remove(index);
            replaceLines(chunk, removed);
            assertThat(verify(owner)).containsEntry("firstBroken", position).containsEntry("reason", "MISSING");

            // A forged entry slipped in before it, at the position of a real one.
            List<String> forged = new java.util.ArrayList<>(lines);
            forged.add(index, original.deepCopy().put("position", at - 1).put("action", "SecretRevealed").toString());
            replaceLines(chunk, forged);
            assertThat(verify(owner)).containsEntry("firstBroken", String.valueOf(at - 1))
                    .containsEntry("reason", "UNKNOWN");
        } finally {
            log().replaceOne(Filters.eq("_id", chunk.get("_id")), chunk);
        }
        assertThat(verify(owner)).containsEntry("intact", true);
    }

    @Test
    void canExportTheLogAsNdjsonStreamedWithTheSameFilters() throws Exception {
        HttpGraphQlTester owner = asOwner();
        String templateId = SecretSteps.createApiKeyTemplate(owner);
        String secretId = SecretSteps.createSecret(owner, templateId, "export-" + UUID.randomUUID(), "sk_" + UUID.randomUUID());
        owner.documentName("revealSecretField")
                .variable("input", Map.of("secretId", secretId, "fieldKey", "token")).execute();
        List<Map<String, Object>> listed = awaitEntries(owner, Map.of("secretId", secretId), 2);

        HttpResponse<String> export = get("/audit/export?secretId=" + secretId, ownerToken());

        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        List<Map<String, Object>> lines = new java.util.ArrayList<>();
        for (String line : export.body().lines().toList()) {
            lines.add(json.readValue(line, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {
            }));
        }
        assertThat(lines).extracting(line -> line.get("action")).containsExactly("SecretCreated", "SecretRevealed");
        assertThat(lines).extracting(line -> line.get("hash")).containsExactlyElementsOf(
                listed.stream().map(entry -> entry.get("hash")).toList());
        HttpResponse<String> everything = get("/audit/export", ownerToken());
        assertThat(everything.body().lines().count()).isGreaterThanOrEqualTo(allEntries(owner, Map.of()).size());
    }

    @Test
    void cannotExportWithoutOwningTheAccountOrWithABadRange() throws Exception {
        String memberId = asOwner().documentName("addMember")
                .variable("input", Map.of("email", "exporter-" + UUID.randomUUID() + "@example.com",
                        "permissions", List.of("VIEW_ALL")))
                .execute().path("addMember.member.id").entity(String.class).get();

        assertThat(get("/audit/export", null).statusCode()).isEqualTo(401);
        HttpResponse<String> member = get("/audit/export", tokens.mint(demo.workspaceId(), memberId,
                "exporter@example.com", Duration.ofMinutes(5)));
        assertThat(member.statusCode()).isEqualTo(403);
        assertThat(member.body()).contains("\"code\":\"FORBIDDEN\"");
        HttpResponse<String> badTime = get("/audit/export?from=yesterday", ownerToken());
        assertThat(badTime.statusCode()).isEqualTo(400);
        assertThat(badTime.body()).contains("\"code\":\"VALIDATION\"", "\"field\":\"from\"");
        HttpResponse<String> backwards = get("/audit/export?from=2026-11-23T10:00:00Z&to=2026-11-22T10:00:00Z",
                ownerToken());
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(backwards.body()).contains("\"field\":\"to\"");
    }

    @Test
    void cannotReadTheLogOrVerifyItWithoutOwningTheAccount() {
        String memberId = asOwner().documentName("addMember")
                .variable("input", Map.of("email", "auditee-" + UUID.randomUUID() + "@example.com",
                        "permissions", List.of("VIEW_ALL", "MODIFY_ALL")))
                .execute().path("addMember.member.id").entity(String.class).get();
        HttpGraphQlTester member = http(tokens.mint(demo.workspaceId(), memberId, "auditee@example.com",
                Duration.ofMinutes(5)));

        member.documentName("auditLog").execute().errors().expect(error ->
                "FORBIDDEN".equals(error.getExtensions().get("code"))).verify();
        member.documentName("verifyAuditChain").execute().errors().expect(error ->
                "FORBIDDEN".equals(error.getExtensions().get("code"))).verify();
        for (String cursor : List.of("not a cursor", java.util.Base64.getEncoder().encodeToString("K_{oops".getBytes(
                StandardCharsets.UTF_8)))) {
            asOwner().documentName("auditLog").variable("after", cursor).execute().errors().expect(error ->
                    "VALIDATION".equals(error.getExtensions().get("code"))
                            && "after".equals(error.getExtensions().get("field"))).verify();
        }
        asOwner().documentName("verifyAuditChain").variable("from", Instant.now().toString())
                .variable("to", Instant.now().minusSeconds(60).toString()).execute().errors().expect(error ->
                        "VALIDATION".equals(error.getExtensions().get("code"))
                                && "to".equals(error.getExtensions().get("field"))).verify();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private MongoCollection<Document> log() {
        return mongo.getDatabase("secretledger").getCollection("audit-ndjson");
    }

    /** The stored chunk of the demo workspace's log that holds the entry at this position. */
    private Document chunkHolding(long position) {
        for (Document chunk : log().find(Filters.eq("workspaceId", demo.workspaceId()))) {
            if (lines(chunk).stream().anyMatch(line -> entry(line).path("position").asLong() == position)) {
                return chunk;
            }
        }
        throw new AssertionError("No stored chunk holds position " + position);
    }

    private ObjectNode entry(String line) {
        try {
            return (ObjectNode) json.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(line, e);
        }
    }

    /** A stored chunk's entries: lines of NDJSON, as UTF-8 bytes. */
    private static List<String> lines(Document chunk) {
        return new String(chunk.get("ndjson", org.bson.types.Binary.class).getData(), StandardCharsets.UTF_8)
                .lines().toList();
    }

    private void replaceLines(Document chunk, List<String> lines) {
        log().replaceOne(Filters.eq("_id", chunk.get("_id")), new Document(chunk).append("ndjson",
                new org.bson.types.Binary((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8))));
    }

    private Map<String, Object> verify(HttpGraphQlTester owner) {
        return owner.documentName("verifyAuditChain").execute().path("verifyAuditChain")
                .entity(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {
                }).get();
    }

    private List<Map<String, Object>> awaitEntries(HttpGraphQlTester owner, Map<String, Object> filter, int count) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> allEntries(owner, filter), list -> list.size() >= count);
    }

    private List<Map<String, Object>> allEntries(HttpGraphQlTester owner, Map<String, Object> filter) {
        List<Map<String, Object>> entries = new java.util.ArrayList<>();
        String after = null;
        while (true) {
            var response = owner.documentName("auditLog").variable("first", 100).variable("after", after)
                    .variable("filter", filter).execute();
            entries.addAll(response.path("auditLog.edges[*].node")
                    .entityList(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {
                    }).get());
            if (!response.path("auditLog.pageInfo.hasNextPage").entity(Boolean.class).get()) {
                return entries;
            }
            after = response.path("auditLog.pageInfo.endCursor").entity(String.class).get();
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
