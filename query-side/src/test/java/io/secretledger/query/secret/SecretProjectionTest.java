package io.secretledger.query.secret;

import io.secretledger.api.access.AccessRule;
import io.secretledger.api.access.AccessRulesChanged;
import io.secretledger.api.access.AssignmentChanged;
import io.secretledger.api.access.RelatedTicketsChanged;
import io.secretledger.api.access.RuleType;
import io.secretledger.api.common.Actor;
import io.secretledger.api.secret.EncryptedValue;
import io.secretledger.api.secret.FieldValue;
import io.secretledger.api.secret.FindSecret;
import io.secretledger.api.secret.FindSecrets;
import io.secretledger.api.secret.SecretCreated;
import io.secretledger.api.secret.SecretDeactivated;
import io.secretledger.api.secret.SecretDeleted;
import io.secretledger.api.secret.SecretEdited;
import io.secretledger.api.secret.SecretExpirationChanged;
import io.secretledger.api.secret.SecretOrder;
import io.secretledger.api.secret.SecretRestored;
import io.secretledger.api.secret.SecretPage;
import io.secretledger.api.secret.SecretRevealed;
import io.secretledger.api.secret.SecretView;
import io.secretledger.api.secret.Visibility;
import io.secretledger.api.template.FieldDefinition;
import io.secretledger.api.template.FieldType;
import io.secretledger.query.support.InMemoryMongo;
import io.secretledger.query.workspace.Viewers;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SecretProjectionTest {

    private static final Actor OWNER = Actor.member("m-1", "owner@example.com");
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final List<FieldDefinition> LAYOUT = List.of(
            new FieldDefinition("tenant", "Tenant", FieldType.TEXT, true, false, List.of()),
            new FieldDefinition("token", "Token", FieldType.TEXT, true, true, List.of()));

    private InMemoryMongo store;
    private MongoTemplate mongo;
    private SecretProjection projection;

    @BeforeEach
    void setUp() {
        store = new InMemoryMongo();
        mongo = store.template();
        projection = new SecretProjection(mongo, SimpleQueryUpdateEmitter.builder().build(),
                new SecretReadAccess(mongo, new Viewers(mongo), new io.secretledger.query.accessrequest.TemporaryGrants(mongo)), true);
        mongo.getCollection("workspaces").insertOne(org.bson.Document.parse("""
                {"_id": "ws-1", "settings": {"clientSecretsEnabled": true, "restrictToAssignedUsers": true,
                  "requireEmailVerification": false}, "members": {
                  "m-1": {"email": "owner@example.com", "permissions": ["ACCOUNT_OWNER"]},
                  "m-2": {"email": "assigned@example.com", "title": "Support engineer",
                          "permissions": ["VIEW_ASSIGNED"]}}}"""));
        mongo.getCollection("tickets").insertOne(org.bson.Document.parse("""
                {"_id": "t-1", "workspaceId": "ws-1", "reference": "HD-1", "contactIds": ["c-1"],
                 "memberIds": ["m-2"]}"""));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private static SecretCreated created(String id, String name) {
        return new SecretCreated(id, "ws-1", "t-1", name, "", Visibility.MASKED, null, LAYOUT,
                List.of(FieldValue.plain("tenant", 1, "acme"),
                        FieldValue.sealed("token", 1, new EncryptedValue("k", new byte[12], new byte[20]))), OWNER);
    }

    @Test
    void masksSensitiveFieldsAndKeepsPlainOnes() {
        projection.on(created("s-1", "payment-api-key"), 0, T0);

        SecretView view = projection.handle(new FindSecret("ws-1", "m-1", "s-1"));

        assertThat(view.fields()).extracting("key", "masked", "value")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("tenant", false, "acme"),
                        org.assertj.core.groups.Tuple.tuple("token", true, null));
        assertThat(mongo.getCollection("secrets").find().first().toJson()).doesNotContain("\"k\"");
    }

    @Test
    void appliesARedeliveredEventOnlyOnce() {
        projection.on(created("s-1", "payment-api-key"), 0, T0);
        SecretRevealed revealed = new SecretRevealed("s-1", "ws-1", "token", 1, "permission:ACCOUNT_OWNER", null, false, null, OWNER);
        projection.on(revealed, 1);
        projection.on(revealed, 1);
        projection.on(created("s-1", "renamed-on-replay"), 0, T0);
        SecretEdited edited = new SecretEdited("s-1", "ws-1", "new", List.of(FieldValue.plain("tenant", 2, "globex")),
                OWNER);
        projection.on(edited, 2, T0.plusSeconds(5));
        projection.on(revealed, 1);

        SecretView view = projection.handle(new FindSecret("ws-1", "m-1", "s-1"));

        assertThat(view.revealCount()).isEqualTo(1);
        assertThat(view.version()).isEqualTo(2);
        assertThat(view.name()).isEqualTo("payment-api-key");
        assertThat(view.description()).isEqualTo("new");
        assertThat(view.updatedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void neverShowsASecretOfAnotherWorkspace() {
        projection.on(created("s-1", "payment-api-key"), 0, T0);

        assertThat(projection.handle(new FindSecret("ws-2", "m-1", "s-1"))).isNull();
        assertThat(projection.handle(new FindSecrets("ws-2", "m-1", null, null, null, null, 10)).items()).isEmpty();
    }

    @Test
    void inARestrictedWorkspaceAnAssignedOnlyMemberSeesNoSecretNorItsName() {
        projection.on(created("s-1", "payment-api-key"), 0, T0);

        assertThat(projection.handle(new FindSecret("ws-1", "m-2", "s-1"))).isNull();
        assertThat(projection.handle(new FindSecrets("ws-1", "m-2", null, null, null, null, 10)).items()).isEmpty();
        assertThat(projection.handle(new FindSecrets("ws-1", "not-a-member", null, null, null, null, 10)).items()).isEmpty();
    }

    @Test
    void anAssignedOnlyMemberSeesWhatAnAssignmentOrARuleGivesThemAndNothingElse() {
        for (String name : List.of("alpha", "bravo", "charlie", "delta")) {
            projection.on(created("id-" + name, name), 0, T0);
        }
        projection.on(new AssignmentChanged("id-bravo", "ws-1", Set.of("m-2"), OWNER), 1, T0);
        projection.on(new AccessRulesChanged("id-delta", "ws-1",
                List.of(new AccessRule("support", RuleType.MEMBER_TITLE_MATCHES, "support*")), OWNER), 1, T0);

        SecretPage page = projection.handle(new FindSecrets("ws-1", "m-2", null, null, null, null, 1));
        SecretPage rest = projection.handle(new FindSecrets("ws-1", "m-2", null, null, page.items().get(0).name(),
                page.items().get(0).id(), 10));

        assertThat(page.items()).extracting(SecretView::name).containsExactly("bravo");
        assertThat(page.hasNext()).isTrue();
        assertThat(rest.items()).extracting(SecretView::name).containsExactly("delta");
        assertThat(rest.hasNext()).isFalse();
        assertThat(projection.handle(new FindSecret("ws-1", "m-2", "id-charlie"))).isNull();
        assertThat(projection.handle(new FindSecret("ws-1", "m-2", "id-bravo"))).isNotNull();
    }

    @Test
    void theTicketPanelListsTheRelatedSecretsTheMemberMayUseOnThatTicket() {
        for (String name : List.of("on-ticket", "related-but-no-rule", "unrelated")) {
            projection.on(created("id-" + name, name), 0, T0);
        }
        projection.on(new RelatedTicketsChanged("id-on-ticket", "ws-1", Set.of("t-1"), OWNER), 1, T0);
        projection.on(new AccessRulesChanged("id-on-ticket", "ws-1",
                List.of(new AccessRule("current", RuleType.CAN_ACCESS_CURRENT_TICKET, null)), OWNER), 2, T0);
        projection.on(new RelatedTicketsChanged("id-related-but-no-rule", "ws-1", Set.of("t-1"), OWNER), 1, T0);

        assertThat(projection.handle(new FindSecrets("ws-1", "m-2", "t-1", null, null, null, 10)).items())
                .extracting(SecretView::name).containsExactly("on-ticket");
        assertThat(projection.handle(new FindSecrets("ws-1", "m-1", "t-1", null, null, null, 10)).items())
                .extracting(SecretView::name).containsExactly("on-ticket", "related-but-no-rule");
        assertThat(projection.handle(new FindSecrets("ws-1", "m-2", "t-9", null, null, null, 10)).items()).isEmpty();
    }

    @Test
    void pagesByNameAndFiltersBySubstring() {
        for (String name : List.of("delta", "alpha", "charlie", "bravo", "alpha-2")) {
            projection.on(created("id-" + name, name), 0, T0);
        }

        SecretPage first = projection.handle(new FindSecrets("ws-1", "m-1", null, null, null, null, 2));
        SecretView last = first.items().get(1);
        SecretPage second = projection.handle(new FindSecrets("ws-1", "m-1", null, null, last.name(), last.id(), 2));
        SecretPage filtered = projection.handle(new FindSecrets("ws-1", "m-1", null, "LPH", null, null, 10));

        assertThat(first.items()).extracting(SecretView::name).containsExactly("alpha", "alpha-2");
        assertThat(first.hasNext()).isTrue();
        assertThat(second.items()).extracting(SecretView::name).containsExactly("bravo", "charlie");
        assertThat(filtered.items()).extracting(SecretView::name).containsExactly("alpha", "alpha-2");
    }

    @Test
    void anAssignmentTakenBackTakesTheSecretOffTheMembersList() {
        projection.on(created("id-alpha", "alpha"), 0, T0);
        projection.on(new AssignmentChanged("id-alpha", "ws-1", Set.of("m-2"), OWNER), 1, T0);
        projection.on(new AssignmentChanged("id-alpha", "ws-1", Set.of(), OWNER), 2, T0);
        // Redelivered late: already applied, so it must not put the assignment back in the sets.
        projection.on(new AssignmentChanged("id-alpha", "ws-1", Set.of("m-2"), OWNER), 1, T0);

        assertThat(projection.handle(new FindSecrets("ws-1", "m-2", null, null, null, null, 10)).items()).isEmpty();
        assertThat(projection.handle(new FindSecrets("ws-1", "m-1", null, null, null, null, 10)).items())
                .extracting(SecretView::name).containsExactly("alpha");
    }

    @Test
    void aProjectionWrittenBeforeTheSetsExistedFillsThemOnStart() {
        projection.on(created("id-alpha", "alpha"), 0, T0);
        projection.on(created("id-bravo", "bravo"), 0, T0);
        projection.on(new AssignmentChanged("id-bravo", "ws-1", Set.of("m-2"), OWNER), 1, T0);
        mongo.dropCollection(SecretSets.COLLECTION);

        SecretProjection restarted = new SecretProjection(mongo, SimpleQueryUpdateEmitter.builder().build(),
                new SecretReadAccess(mongo, new Viewers(mongo), new io.secretledger.query.accessrequest.TemporaryGrants(mongo)), true);

        assertThat(restarted.handle(new FindSecrets("ws-1", "m-1", null, null, null, null, 10)).items())
                .extracting(SecretView::name).containsExactly("alpha", "bravo");
        assertThat(restarted.handle(new FindSecrets("ws-1", "m-2", null, null, null, null, 10)).items())
                .extracting(SecretView::name).containsExactly("bravo");
    }

    @Test
    void aDeletedSecretLeavesEveryListButTheDeletedOnesUntilRestored() {
        projection.on(created("id-alpha", "alpha"), 0, T0);
        projection.on(new AssignmentChanged("id-alpha", "ws-1", Set.of("m-2"), OWNER), 1, T0);
        projection.on(new SecretDeleted("id-alpha", "ws-1", OWNER), 2, T0);

        assertThat(projection.handle(new FindSecrets("ws-1", "m-1", null, null, null, null, 10)).items()).isEmpty();
        assertThat(projection.handle(new FindSecrets("ws-1", "m-2", null, null, null, null, 10)).items()).isEmpty();
        assertThat(projection.handle(new FindSecrets("ws-1", "m-1", null, null, null, null, null, null, true, null,
                SecretOrder.NAME, null, null, 10)).items()).extracting(SecretView::deleted).containsExactly(true);

        projection.on(new SecretRestored("id-alpha", "ws-1", OWNER), 3, T0);
        assertThat(projection.handle(new FindSecrets("ws-1", "m-2", null, null, null, null, 10)).items())
                .extracting(SecretView::name).containsExactly("alpha");
    }

    @Test
    void filtersAndOrdersByInstants() {
        projection.on(created("id-old", "old"), 0, T0);
        projection.on(created("id-new", "new"), 0, T0.plusSeconds(60));
        projection.on(new SecretExpirationChanged("id-old", "ws-1", T0.plusSeconds(3_600), OWNER), 1, T0.plusSeconds(120));
        projection.on(new SecretDeactivated("id-new", "ws-1", OWNER), 1, T0.plusSeconds(30));

        assertThat(projection.handle(new FindSecrets("ws-1", "m-1", null, null, null, null, null, null, false, null,
                SecretOrder.CREATED, null, null, 10)).items()).extracting(SecretView::name).containsExactly("new", "old");
        assertThat(projection.handle(new FindSecrets("ws-1", "m-1", null, null, null, null, null, null, false, null,
                SecretOrder.UPDATED, null, null, 10)).items()).extracting(SecretView::name).containsExactly("old", "new");
        assertThat(projection.handle(new FindSecrets("ws-1", "m-1", null, null, null, null, false, null, false, null,
                SecretOrder.NAME, null, null, 10)).items()).extracting(SecretView::name).containsExactly("new");
        assertThat(projection.handle(new FindSecrets("ws-1", "m-1", null, null, null, null, null, null, false,
                T0.plusSeconds(7_200), SecretOrder.EXPIRES, null, null, 10)).items())
                .extracting(SecretView::name).containsExactly("old");
        SecretPage first = projection.handle(new FindSecrets("ws-1", "m-1", null, null, null, null, null, null, false,
                null, SecretOrder.CREATED, null, null, 1));
        SecretPage second = projection.handle(new FindSecrets("ws-1", "m-1", null, null, null, null, null, null, false,
                null, SecretOrder.CREATED, first.items().get(0).createdAt().toString(), first.items().get(0).id(), 1));
        assertThat(second.items()).extracting(SecretView::name).containsExactly("old");
    }
}
