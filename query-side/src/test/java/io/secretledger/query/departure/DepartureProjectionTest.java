package io.secretledger.query.departure;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ActorType;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.departure.DepartureExposure;
import io.secretledger.api.departure.DepartureExposurePage;
import io.secretledger.api.departure.DepartureReport;
import io.secretledger.api.departure.ExposureKind;
import io.secretledger.api.departure.FieldToRotate;
import io.secretledger.api.departure.FindDepartureExposures;
import io.secretledger.api.departure.FindDepartureReport;
import io.secretledger.api.integration.SecretUseAuthorized;
import io.secretledger.api.integration.SecretUsed;
import io.secretledger.api.integration.UsedField;
import io.secretledger.api.secret.EncryptedValue;
import io.secretledger.api.secret.FieldValue;
import io.secretledger.api.secret.FileRef;
import io.secretledger.api.secret.SecretCreated;
import io.secretledger.api.secret.SecretDeleted;
import io.secretledger.api.secret.SecretEdited;
import io.secretledger.api.secret.SecretFieldRolledBack;
import io.secretledger.api.secret.SecretFileAttached;
import io.secretledger.api.secret.SecretFileDownloaded;
import io.secretledger.api.secret.SecretPurged;
import io.secretledger.api.secret.SecretRevealed;
import io.secretledger.api.secret.Visibility;
import io.secretledger.api.workspace.MemberAdded;
import io.secretledger.api.workspace.MemberRemoved;
import io.secretledger.api.workspace.ServiceAccountCreated;
import io.secretledger.api.workspace.WorkspaceCreated;
import io.secretledger.api.workspace.WorkspaceSettings;
import io.secretledger.query.support.InMemoryMongo;
import io.secretledger.query.workspace.Viewers;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The departure projection fed events directly, as a processor would, twice where delivery may repeat. */
class DepartureProjectionTest {

    private static final Actor OWNER = Actor.member("m-1", "owner@example.com");
    private static final Actor LEAVER = Actor.member("m-2", "leaver@example.com");
    private static final Actor INTEGRATION = new Actor(ActorType.SERVICE_ACCOUNT, "sa-1", "billing-sync");
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    private InMemoryMongo store;
    private MongoTemplate mongo;
    private DepartureProjection projection;

    @BeforeEach
    void setUp() {
        store = new InMemoryMongo();
        mongo = store.template();
        projection = new DepartureProjection(mongo, new Viewers(mongo));
        // The workspace directory as Viewers reads it: only the owner is left in it.
        // The settings written by the mapping itself, so that a control added to them later needs no change here.
        Document workspace = Document.parse("""
                {"_id": "ws-1", "members": {
                  "m-1": {"email": "owner@example.com", "permissions": ["ACCOUNT_OWNER"]},
                  "m-3": {"email": "editor@example.com", "permissions": ["VIEW_ALL"]}}}""");
        workspace.put("settings", mongo.getConverter().convertToMongoType(WorkspaceSettings.defaults()));
        mongo.getCollection("workspaces").insertOne(workspace);
        projection.on(new WorkspaceCreated("ws-1", "Acme", "m-1", "owner@example.com", Set.of(), null));
        projection.on(new MemberAdded("ws-1", "m-2", "leaver@example.com", null, null, Set.of(), OWNER));
        projection.on(new MemberAdded("ws-1", "m-3", "editor@example.com", null, null, Set.of(), OWNER));
        projection.on(new ServiceAccountCreated("ws-1", "sa-1", "billing-sync", Set.of(), OWNER));
        projection.on(created("s-1", "payment-api-key"), 0);
        projection.on(created("s-2", "crm-login"), 0);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void canTellARotatedValueFromOneStillCurrent() {
        projection.on(reveal("s-1", "token", 1, "t-9"), 1, T0);
        projection.on(reveal("s-2", "token", 1, null), 1, T0.plusSeconds(60));
        projection.on(edited("s-1", "token", 2), 2);

        DepartureReport report = report("m-2", null, null);

        assertThat(report.refusal()).isNull();
        assertThat(report.exposureCount()).isEqualTo(2);
        assertThat(report.toRotate()).extracting(FieldToRotate::secretName, FieldToRotate::fieldKey)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("crm-login", "token"));
        List<DepartureExposure> exposures = page("m-2", null, null, 10).exposures();
        assertThat(exposures).extracting(DepartureExposure::secretName, DepartureExposure::stillCurrent,
                        DepartureExposure::currentVersion, DepartureExposure::ticketId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("payment-api-key", false, 2, "t-9"),
                        org.assertj.core.groups.Tuple.tuple("crm-login", true, 1, null));
    }

    @Test
    void aRevealedOneTimeCodeLeavesNothingToRotateButARevealedSeedDoes() {
        projection.on(new SecretRevealed("s-1", "ws-1", "token", 1, "permission:VIEW_ALL", null, false, null, LEAVER,
                io.secretledger.api.totp.TotpDisclosure.CODE), 1, T0);
        assertThat(report("m-2", null, null).toRotate()).isEmpty();

        projection.on(new SecretRevealed("s-1", "ws-1", "token", 1, "permission:MODIFY_ALL", null, false, null, LEAVER,
                io.secretledger.api.totp.TotpDisclosure.SEED), 2, T0.plusSeconds(5));
        assertThat(report("m-2", null, null).toRotate()).extracting(FieldToRotate::fieldKey).containsExactly("token");
    }

    @Test
    void canReceiveEveryEventTwiceAndChangeNothing() {
        projection.on(reveal("s-1", "token", 1, null), 1, T0);
        projection.on(edited("s-1", "token", 2), 2);
        projection.on(reveal("s-1", "token", 2, null), 3, T0.plusSeconds(5));
        List<String> before = everyDocument();

        projection.on(reveal("s-1", "token", 1, null), 1, T0);
        projection.on(edited("s-1", "token", 2), 2);
        projection.on(reveal("s-1", "token", 2, null), 3, T0.plusSeconds(5));
        projection.on(new MemberAdded("ws-1", "m-2", "leaver@example.com", null, null, Set.of(), OWNER));

        assertThat(everyDocument()).isEqualTo(before);
        DepartureReport report = report("m-2", null, null);
        assertThat(report.exposureCount()).isEqualTo(2);
        assertThat(report.toRotate()).singleElement().satisfies(field -> {
            assertThat(field.currentVersion()).isEqualTo(2);
            assertThat(field.lastExposedAt()).isEqualTo(T0.plusSeconds(5));
        });
    }

    @Test
    void canTreatAnOlderEditRedeliveredAfterANewerOneAsApplied() {
        projection.on(reveal("s-1", "token", 1, null), 1, T0);
        projection.on(edited("s-1", "token", 2), 2);
        projection.on(edited("s-1", "token", 3), 3);
        projection.on(edited("s-1", "token", 2), 2);

        assertThat(page("m-2", null, null, 10).exposures()).singleElement()
                .extracting(DepartureExposure::currentVersion).isEqualTo(3);
    }

    @Test
    void cannotCallAPurgedSecretsValueCurrent() {
        projection.on(reveal("s-1", "token", 1, null), 1, T0);
        projection.on(new SecretPurged("s-1", "ws-1", "payment-api-key", OWNER), 2);

        DepartureReport report = report("m-2", null, null);

        assertThat(report.toRotate()).isEmpty();
        assertThat(page("m-2", null, null, 10).exposures()).singleElement().satisfies(exposure -> {
            assertThat(exposure.stillCurrent()).isFalse();
            assertThat(exposure.secretPurged()).isTrue();
            assertThat(exposure.currentVersion()).isZero();
        });
    }

    @Test
    void canListADeletedSecretsValueToRotateAndSaySo() {
        projection.on(reveal("s-1", "token", 1, null), 1, T0);
        projection.on(new SecretDeleted("s-1", "ws-1", OWNER), 2);

        assertThat(report("m-2", null, null).toRotate()).singleElement()
                .extracting(FieldToRotate::secretDeleted).isEqualTo(true);
    }

    @Test
    void canSeeAValueCurrentAgainAfterARollbackToIt() {
        projection.on(reveal("s-1", "token", 1, null), 1, T0);
        projection.on(edited("s-1", "token", 2), 2);
        projection.on(new SecretFieldRolledBack("s-1", "ws-1", sealed("token", 3), 1, OWNER), 3);

        assertThat(page("m-2", null, null, 10).exposures()).singleElement().satisfies(exposure -> {
            assertThat(exposure.stillCurrent()).as("version 3 holds version 1's value").isTrue();
            assertThat(exposure.currentVersion()).isEqualTo(3);
        });
    }

    @Test
    void canReportOnARemovedMember() {
        projection.on(reveal("s-1", "token", 1, null), 1, T0);
        projection.on(new MemberRemoved("ws-1", "m-2", OWNER), T0.plusSeconds(3600));

        DepartureReport report = report("m-2", null, null);

        assertThat(report.subject().removed()).isTrue();
        assertThat(report.subject().removedAt()).isEqualTo(T0.plusSeconds(3600));
        assertThat(report.subject().displayName()).isEqualTo("leaver@example.com");
        assertThat(report.toRotate()).hasSize(1);
    }

    @Test
    void canCountAnIntegrationsUseOnceFromItsAuthorizationAndItsRecord() {
        List<UsedField> fields = List.of(new UsedField("token", 1), new UsedField("tenant", 1));
        projection.on(new SecretUseAuthorized("s-1", "ws-1", "u-1", fields, "POST", "https://api.example:443/v1",
                INTEGRATION), T0);
        projection.on(new SecretUsed("s-1", "ws-1", "u-1", fields, "POST", "https://api.example:443/v1", 200,
                "completed", INTEGRATION), T0.plusMillis(300));

        DepartureReport report = report("sa-1", null, null);

        assertThat(report.subject().type()).isEqualTo(ActorType.SERVICE_ACCOUNT);
        assertThat(report.exposureCount()).isEqualTo(2);
        assertThat(report.toRotate()).extracting(FieldToRotate::fieldKey).containsExactly("tenant", "token");
        assertThat(page("sa-1", null, null, 10).exposures()).allSatisfy(exposure -> {
            assertThat(exposure.how()).isEqualTo(ExposureKind.USE);
            assertThat(exposure.at()).isEqualTo(T0);
        });
    }

    @Test
    void canTellADownloadedFileReplacedSinceFromOneStillCurrent() {
        projection.on(new SecretFileAttached("s-1", "ws-1", new FileRef("contract", 1, "b-1", "a.pdf",
                "application/pdf", 10), OWNER), 1);
        projection.on(new SecretFileAttached("s-2", "ws-1", new FileRef("contract", 1, "b-2", "b.pdf",
                "application/pdf", 10), OWNER), 1);
        projection.on(new SecretFileDownloaded("s-1", "ws-1", "contract", 1, "permission:VIEW_ALL", null, LEAVER), 2,
                T0);
        projection.on(new SecretFileDownloaded("s-2", "ws-1", "contract", 1, "permission:VIEW_ALL", "t-1", LEAVER), 2,
                T0.plusSeconds(1));
        projection.on(new SecretFileAttached("s-1", "ws-1", new FileRef("contract", 2, "b-3", "a2.pdf",
                "application/pdf", 10), OWNER), 3);

        assertThat(report("m-2", null, null).toRotate()).singleElement().satisfies(field -> {
            assertThat(field.secretName()).isEqualTo("crm-login");
            assertThat(field.how()).containsExactly(ExposureKind.FILE_DOWNLOAD);
        });
    }

    @Test
    void canKeepToTheRangeAndPageThroughIt() {
        for (int i = 0; i < 5; i++) {
            projection.on(reveal("s-1", "token", 1, null), i + 1, T0.plusSeconds(i * 60L));
        }
        Instant from = T0.plusSeconds(60);
        Instant to = T0.plusSeconds(240);

        assertThat(report("m-2", from, to).exposureCount()).isEqualTo(3);
        DepartureExposurePage first = page("m-2", from, to, 2);
        assertThat(first.hasNext()).isTrue();
        DepartureExposure last = first.exposures().get(1);
        DepartureExposurePage second = projection.handle(new FindDepartureExposures("ws-1", "m-1", "m-2", from, to,
                last.at(), last.id(), 2));
        assertThat(second.hasNext()).isFalse();
        List<Instant> seen = new ArrayList<>();
        first.exposures().forEach(exposure -> seen.add(exposure.at()));
        second.exposures().forEach(exposure -> seen.add(exposure.at()));
        assertThat(seen).containsExactly(T0.plusSeconds(60), T0.plusSeconds(120), T0.plusSeconds(180));
    }

    @Test
    void cannotBeReadByAnyoneButAnOwnerNorNameASubjectOfAnotherWorkspace() {
        projection.on(new MemberAdded("ws-2", "m-9", "other@example.com", null, null, Set.of(), OWNER));

        assertThat(projection.handle(new FindDepartureReport("ws-1", "m-3", "m-2", null, null)).refusal().code())
                .isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(projection.handle(new FindDepartureExposures("ws-1", "m-3", "m-2", null, null, null, null, 5))
                .refusal().code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(report("m-9", null, null).refusal()).satisfies(refusal -> {
            assertThat(refusal.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(refusal.field()).isEqualTo("memberId");
        });
        assertThat(report("nobody", null, null).refusal().code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    /** The API has authenticated the operator and recorded the read; the projection only keeps to the workspace. */
    @Test
    void canBeReadByAnOperatorButStillNameOnlyTheWorkspacesSubjects() {
        projection.on(reveal("s-1", "token", 1, null), 1, T0);
        projection.on(new MemberAdded("ws-2", "m-9", "other@example.com", null, null, Set.of(), OWNER));

        DepartureReport report = projection.handle(new FindDepartureReport("ws-1", "op-1", true, "m-2", null, null));
        assertThat(report.refusal()).isNull();
        assertThat(report.exposureCount()).isEqualTo(1);
        assertThat(projection.handle(new FindDepartureExposures("ws-1", "op-1", true, "m-2", null, null, null, null,
                5)).exposures()).hasSize(1);
        assertThat(projection.handle(new FindDepartureReport("ws-1", "op-1", true, "m-9", null, null)).refusal())
                .satisfies(refusal -> {
                    assertThat(refusal.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(refusal.field()).isEqualTo("memberId");
                });
    }

    @Test
    void canBeClearedForARebuild() {
        projection.on(reveal("s-1", "token", 1, null), 1, T0);

        projection.reset();

        for (String collection : List.of(DepartureStore.EXPOSURES, DepartureStore.SECRETS, DepartureStore.SUBJECTS,
                DepartureStore.SETS)) {
            assertThat(mongo.getCollection(collection).countDocuments()).as(collection).isZero();
        }
    }

    private DepartureReport report(String subjectId, Instant from, Instant to) {
        return projection.handle(new FindDepartureReport("ws-1", "m-1", subjectId, from, to));
    }

    private DepartureExposurePage page(String subjectId, Instant from, Instant to, int limit) {
        return projection.handle(new FindDepartureExposures("ws-1", "m-1", subjectId, from, to, null, null, limit));
    }

    private List<String> everyDocument() {
        List<String> all = new ArrayList<>();
        for (String collection : List.of(DepartureStore.EXPOSURES, DepartureStore.SECRETS, DepartureStore.SUBJECTS,
                DepartureStore.SETS)) {
            mongo.getCollection(collection).find().forEach(document -> all.add(collection + " " + document.toJson()));
        }
        return all;
    }

    private static SecretCreated created(String id, String name) {
        return new SecretCreated(id, "ws-1", "t-1", name, "", Visibility.MASKED, null, List.of(),
                List.of(FieldValue.plain("tenant", 1, "acme"), sealed("token", 1)), OWNER);
    }

    private static SecretEdited edited(String id, String key, int version) {
        return new SecretEdited(id, "ws-1", null, List.of(sealed(key, version)), OWNER);
    }

    private static FieldValue sealed(String key, int version) {
        return FieldValue.sealed(key, version, new EncryptedValue("dk1", new byte[12], new byte[16]));
    }

    private static SecretRevealed reveal(String secretId, String key, int version, String ticketId) {
        return new SecretRevealed(secretId, "ws-1", key, version, "permission:VIEW_ALL", ticketId, false, null, LEAVER);
    }
}
