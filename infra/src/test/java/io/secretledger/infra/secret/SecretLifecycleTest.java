package io.secretledger.infra.secret;

import io.secretledger.infra.support.LiveApplicationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.secretledger.infra.support.Refusals.assertSingle;
import static io.secretledger.infra.support.SecretSteps.createApiKeyTemplate;
import static io.secretledger.infra.support.SecretSteps.createSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A secret's life over GraphQL: generated values, versions, rollback, active, expiry, deletion, tickets, lists. */
class SecretLifecycleTest extends LiveApplicationTest {

    private static final String REVEAL = """
            mutation($id: ID!, $key: String!) { revealSecretField(input: {secretId: $id, fieldKey: $key}) { value } }""";

    private HttpGraphQlTester owner;
    private String templateId;

    @BeforeEach
    void setUp() {
        owner = asOwner();
        templateId = createApiKeyTemplate(owner);
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String reveal(String secretId) {
        return owner.document(REVEAL).variable("id", secretId).variable("key", "token").execute()
                .path("revealSecretField.value").entity(String.class).get();
    }

    private String create(String name, List<Map<String, Object>> values) {
        return owner.documentName("createSecret").variable("input", Map.of("templateId", templateId, "name", name,
                "values", values)).execute().path("createSecret.secret.id").entity(String.class).get();
    }

    @Test
    void aTokenLeftOutIsGeneratedAndOptionsShapeIt() {
        String generated = create(unique("generated"), List.of(Map.of("key", "tenant", "value", "acme")));
        String pin = create(unique("pin"), List.of(Map.of("key", "tenant", "value", "acme"),
                Map.of("key", "token", "generate", Map.of("length", 12, "uppercase", false, "lowercase", false,
                        "symbols", false))));

        assertThat(reveal(generated)).hasSize(32);
        assertThat(reveal(pin)).matches("[0-9]{12}");
        owner.documentName("createSecret").variable("input", Map.of("templateId", templateId, "name", unique("bad"),
                        "values", List.of(Map.of("key", "tenant", "generate", Map.of()))))
                .execute().errors().satisfy(errors -> assertSingle(errors, "VALIDATION", "values.tenant"));
    }

    @Test
    void namesAreUniqueAndNeverChange() {
        String name = unique("unique-name");
        String secretId = createSecret(owner, templateId, name, "sk_1");
        long before = storedEvents();
        owner.documentName("createSecret").variable("input", Map.of("templateId", templateId, "name", name,
                        "values", List.of(Map.of("key", "tenant", "value", "a"), Map.of("key", "token", "value", "b"))))
                .execute().errors().satisfy(errors -> assertSingle(errors, "VALIDATION", "name"));
        owner.document("""
                        mutation($id: ID!) { updateSecret(input: {id: $id, expectedVersion: 0, name: "renamed"}) {
                          secret { name } } }""")
                .variable("id", secretId).execute().errors()
                .satisfy(errors -> assertSingle(errors, "VALIDATION", "name"));
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aRotatedValueKeepsItsVersionsAndAnOwnerRollsBack() {
        String secretId = createSecret(owner, templateId, unique("rotated"), "sk_first");
        owner.document("""
                        mutation($id: ID!) { updateSecret(input: {id: $id, expectedVersion: 0,
                          values: [{key: "token", value: "sk_second"}]}) { secret { version } } }""")
                .variable("id", secretId).execute();
        owner.document("""
                        mutation($id: ID!) { rollbackSecretField(input: {secretId: $id, fieldKey: "token", toVersion: 1}) {
                          secret { fields { key version } } } }""")
                .variable("id", secretId).execute()
                .path("rollbackSecretField.secret.fields[1].version").entity(Integer.class).isEqualTo(3);

        assertThat(reveal(secretId)).isEqualTo("sk_first");
        owner.document("""
                        query($id: ID!) { secretFieldVersions(secretId: $id, fieldKey: "token") {
                          version change fromVersion value current } }""")
                .variable("id", secretId).execute()
                .path("secretFieldVersions[*].version").entityList(Integer.class).containsExactly(3, 2, 1)
                .path("secretFieldVersions[0].change").entity(String.class).isEqualTo("rolled back")
                .path("secretFieldVersions[0].fromVersion").entity(Integer.class).isEqualTo(1)
                .path("secretFieldVersions[0].current").entity(Boolean.class).isEqualTo(true)
                .path("secretFieldVersions[*].value").entityList(Object.class).containsExactly(null, null, null);
        owner.document("""
                        query($id: ID!) { secret(id: $id) { history(first: 3) { edges { node { type summary } } } } }""")
                .variable("id", secretId).execute()
                .path("secret.history.edges[*].node.type").entityList(String.class)
                .containsExactly("REVEALED", "ROLLED_BACK", "EDITED");
        String cursor = owner.document("""
                        query($id: ID!) { secret(id: $id) { history(first: 2) { pageInfo { endCursor } } } }""")
                .variable("id", secretId).execute()
                .path("secret.history.pageInfo.endCursor").entity(String.class).get();
        owner.document("""
                        query($id: ID!, $after: String) { secret(id: $id) { history(first: 1, after: $after) {
                          edges { node { type } } } } }""")
                .variable("id", secretId).variable("after", cursor).execute()
                .path("secret.history.edges[*].node.type").entityList(String.class).containsExactly("EDITED");
    }

    @Test
    void anInactiveSecretIsListedButNotRevealed() {
        String secretId = createSecret(owner, templateId, unique("inactive"), "sk_x");
        owner.document("""
                        mutation($id: ID!) { setSecretActive(input: {secretId: $id, active: false}) {
                          secret { active } } }""")
                .variable("id", secretId).execute()
                .path("setSecretActive.secret.active").entity(Boolean.class).isEqualTo(false);
        owner.document(REVEAL).variable("id", secretId).variable("key", "token").execute().errors()
                .satisfy(errors -> assertSingle(errors, "VALIDATION", "id"));
        List<String> inactive = owner.document("{ secrets(first: 100, active: false) { edges { node { id } } } }")
                .execute().path("secrets.edges[*].node.id").entityList(String.class).get();
        assertThat(inactive).contains(secretId);
    }

    @Test
    void anExpiryIsInTheFutureListsAsExpiringAndPassesByItsDeadline() {
        String secretId = createSecret(owner, templateId, unique("expiring"), "sk_x");
        owner.document("""
                        mutation($id: ID!, $at: DateTime) { setSecretExpiration(input: {secretId: $id, expiresAt: $at}) {
                          secret { expiresAt } } }""")
                .variable("id", secretId).variable("at", Instant.now().minus(1, ChronoUnit.DAYS).toString()).execute()
                .errors().satisfy(errors -> assertSingle(errors, "VALIDATION", "expiresAt"));
        owner.document("""
                        mutation($id: ID!, $at: DateTime) { setSecretExpiration(input: {secretId: $id, expiresAt: $at}) {
                          secret { expiresAt } } }""")
                .variable("id", secretId).variable("at", Instant.now().plus(3, ChronoUnit.DAYS).toString()).execute();
        assertThat(expiringWithin(7)).contains(secretId);
        assertThat(expiringWithin(1)).doesNotContain(secretId);

        owner.document("""
                        mutation($id: ID!, $at: DateTime) { setSecretExpiration(input: {secretId: $id, expiresAt: $at}) {
                          secret { expiresAt } } }""")
                .variable("id", secretId).variable("at", Instant.now().plusSeconds(2).toString()).execute();
        // The deadline is kept by db-scheduler in the H2 database and records SecretExpired when it passes.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> owner.document("""
                        query($id: ID!) { secret(id: $id) { expired } }""")
                .variable("id", secretId).execute().path("secret.expired").entity(Boolean.class).get());
        List<String> expired = owner.document("{ secrets(first: 100, expired: true) { edges { node { id } } } }")
                .execute().path("secrets.edges[*].node.id").entityList(String.class).get();
        assertThat(expired).contains(secretId);
    }

    private List<String> expiringWithin(int days) {
        return owner.document("""
                        query($days: Int) { secrets(first: 100, expiringWithinDays: $days, order: EXPIRES) {
                          edges { node { id } } } }""")
                .variable("days", days).execute().path("secrets.edges[*].node.id").entityList(String.class).get();
    }

    @Test
    void aDeletedSecretIsRestorableUntilPurgedAndThenItsNameIsFree() {
        String name = unique("deleted");
        String secretId = createSecret(owner, templateId, name, "sk_x");
        owner.document("mutation($id: ID!) { deleteSecret(input: {secretId: $id}) { secret { deleted } } }")
                .variable("id", secretId).execute()
                .path("deleteSecret.secret.deleted").entity(Boolean.class).isEqualTo(true);
        assertThat(listed(false)).doesNotContain(secretId);
        assertThat(listed(true)).contains(secretId);
        owner.document(REVEAL).variable("id", secretId).variable("key", "token").execute().errors()
                .satisfy(errors -> assertSingle(errors, "VALIDATION", "id"));
        owner.document("mutation($id: ID!) { restoreSecret(input: {secretId: $id}) { secret { deleted } } }")
                .variable("id", secretId).execute()
                .path("restoreSecret.secret.deleted").entity(Boolean.class).isEqualTo(false);
        assertThat(listed(false)).contains(secretId);

        owner.document("mutation($id: ID!) { deleteSecret(input: {secretId: $id}) { secret { deleted } } }")
                .variable("id", secretId).execute();
        owner.document("""
                        mutation($id: ID!) { purgeSecret(input: {secretId: $id, confirmName: "not-its-name"}) { secretId } }""")
                .variable("id", secretId).execute().errors()
                .satisfy(errors -> assertSingle(errors, "VALIDATION", "confirmName"));
        owner.document("""
                        mutation($id: ID!, $name: String!) { purgeSecret(input: {secretId: $id, confirmName: $name}) {
                          secretId } }""")
                .variable("id", secretId).variable("name", name).execute();
        await().atMost(Duration.ofSeconds(10)).until(() -> owner.document("query($id: ID!) { secret(id: $id) { id } }")
                .variable("id", secretId).execute().path("secret").valueIsNull() != null);
        assertThat(listed(true)).doesNotContain(secretId);
        assertThat(createSecret(owner, templateId, name, "sk_y")).isNotEqualTo(secretId);
    }

    private List<String> listed(boolean deleted) {
        return owner.document("""
                        query($deleted: Boolean) { secrets(first: 100, deleted: $deleted) { edges { node { id } } } }""")
                .variable("deleted", deleted).execute().path("secrets.edges[*].node.id").entityList(String.class).get();
    }

    @Test
    void aSecretLinkedToATicketShowsInItsPanelUntilUnlinked() {
        String secretId = createSecret(owner, templateId, unique("linked"), "sk_x");
        String ticketId = owner.documentName("registerTicket").variable("input", Map.of("reference", unique("HD")))
                .execute().path("registerTicket.ticketId").entity(String.class).get();
        owner.document("""
                        mutation($id: ID!, $ticket: ID!) { linkSecretToTicket(input: {secretId: $id, ticketId: $ticket}) {
                          secret { id } } }""")
                .variable("id", secretId).variable("ticket", ticketId).execute();
        assertThat(panel(ticketId)).containsExactly(secretId);
        owner.document("""
                        mutation($id: ID!, $ticket: ID!) { unlinkSecretFromTicket(input: {secretId: $id, ticketId: $ticket}) {
                          secret { id } } }""")
                .variable("id", secretId).variable("ticket", ticketId).execute();
        assertThat(panel(ticketId)).isEmpty();
    }

    private List<String> panel(String ticketId) {
        return owner.document("query($t: ID) { secrets(first: 10, ticketId: $t) { edges { node { id } } } }")
                .variable("t", ticketId).execute().path("secrets.edges[*].node.id").entityList(String.class).get();
    }

    @Test
    void listsFilterByTemplateAndPrefixAndSortByCreation() {
        String otherTemplate = createApiKeyTemplate(owner);
        String prefix = unique("zz-sort");
        String first = createSecret(owner, otherTemplate, prefix + "-b", "sk_1");
        String second = createSecret(owner, otherTemplate, prefix + "-a", "sk_2");
        createSecret(owner, templateId, prefix + "-c", "sk_3");

        owner.document("""
                        query($t: ID, $p: String) { secrets(first: 10, templateId: $t, namePrefix: $p) {
                          edges { node { id name template { id } } } } }""")
                .variable("t", otherTemplate).variable("p", prefix.toUpperCase()).execute()
                .path("secrets.edges[*].node.id").entityList(String.class).containsExactly(second, first)
                .path("secrets.edges[0].node.template.id").entity(String.class).isEqualTo(otherTemplate);
        owner.document("""
                        query($t: ID) { secrets(first: 1, templateId: $t, order: CREATED) {
                          edges { node { id } } pageInfo { hasNextPage endCursor } } }""")
                .variable("t", otherTemplate).execute()
                .path("secrets.edges[*].node.id").entityList(String.class).containsExactly(second)
                .path("secrets.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
    }
}
