package io.secretledger.command.workspace;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ActorType;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.Permission;
import io.secretledger.api.departure.DepartureChannel;
import io.secretledger.api.departure.DepartureReportRead;
import io.secretledger.api.departure.RecordDepartureReportRead;
import io.secretledger.api.workspace.MemberAdded;
import io.secretledger.api.workspace.MemberRemoved;
import io.secretledger.api.workspace.WorkspaceCreated;
import io.secretledger.api.workspace.WorkspaceSuspended;
import io.secretledger.command.common.DomainExceptionTranslator;
import io.secretledger.command.support.Fixtures;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static io.secretledger.command.support.Fixtures.refusedWith;

/**
 * Issue 20, item 4 (ADR 0024): whoever reads a departure report, an account owner or an installation operator, is
 * recorded in the workspace's stream before the report is given; nobody else is, and a refused read records nothing.
 */
class DepartureReportReadTest {

    private static final String WS = "ws-1";
    private static final Actor OPERATOR = new Actor(ActorType.OPERATOR, "op-1", "ops@msp.test");
    private static final Actor OWNER = Actor.member("m-1", "owner@acme.test");
    private static final Actor EDITOR = Actor.member("m-2", "editor@acme.test");
    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-12-01T00:00:00Z");
    private static final WorkspaceCreated CREATED = new WorkspaceCreated(WS, "Acme support", "m-1", "owner@acme.test",
            Set.of(Permission.ACCOUNT_OWNER), OPERATOR);
    private static final MemberAdded EDITOR_ADDED = new MemberAdded(WS, "m-2", "editor@acme.test", null, null,
            Set.of(Permission.VIEW_ALL), OWNER);
    private static final MemberAdded LEAVER_ADDED = new MemberAdded(WS, "m-3", "leaver@acme.test", null, null,
            Set.of(Permission.VIEW_ALL), OWNER);
    private static final MemberRemoved LEAVER_REMOVED = new MemberRemoved(WS, "m-3", OWNER);

    private FixtureConfiguration<Workspace> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Workspace.class)
                .registerInjectableResource(new Fixtures.WorkspaceNamesInMemory())
                .registerInjectableResource(Fixtures.keys())
                .registerInjectableResource((InvitationMail) (email, workspace, token, expiresAt) -> { })
                .registerCommandHandlerInterceptor(new DomainExceptionTranslator());
    }

    @Test
    void canRecordAnOwnerReadingTheReportOnARemovedMember() {
        fixture.given(CREATED, EDITOR_ADDED, LEAVER_ADDED, LEAVER_REMOVED)
                .when(new RecordDepartureReportRead(WS, "m-3", FROM, TO, DepartureChannel.GRAPHQL, OWNER))
                .expectEvents(new DepartureReportRead(WS, "m-3", FROM, TO, DepartureChannel.GRAPHQL, OWNER));
    }

    @Test
    void canRecordAnOperatorExportingTheReportOfAWorkspaceTheyAreNoMemberOf() {
        fixture.given(CREATED, LEAVER_ADDED)
                .when(new RecordDepartureReportRead(WS, "m-3", null, null, DepartureChannel.NDJSON_EXPORT, OPERATOR))
                .expectEvents(new DepartureReportRead(WS, "m-3", null, null, DepartureChannel.NDJSON_EXPORT,
                        OPERATOR));
    }

    @Test
    void canRecordAnOperatorExportingWhileTheWorkspaceIsSuspended() {
        fixture.given(CREATED, new WorkspaceSuspended(WS, "Invoice unpaid", OPERATOR))
                .when(new RecordDepartureReportRead(WS, "m-3", FROM, null, DepartureChannel.NDJSON_EXPORT, OPERATOR))
                .expectEvents(new DepartureReportRead(WS, "m-3", FROM, null, DepartureChannel.NDJSON_EXPORT,
                        OPERATOR));
    }

    @Test
    void cannotRecordAnOwnerWhileTheWorkspaceIsSuspended() {
        fixture.given(CREATED, new WorkspaceSuspended(WS, "Invoice unpaid", OPERATOR))
                .when(new RecordDepartureReportRead(WS, "m-3", null, null, DepartureChannel.GRAPHQL, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void cannotRecordAMemberWhoIsNoOwnerNorAServiceAccountNorAnyoneUnnamed() {
        fixture.given(CREATED, EDITOR_ADDED)
                .when(new RecordDepartureReportRead(WS, "m-1", null, null, DepartureChannel.GRAPHQL, EDITOR))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
        fixture.given(CREATED)
                .when(new RecordDepartureReportRead(WS, "m-1", null, null, DepartureChannel.GRAPHQL,
                        new Actor(ActorType.SERVICE_ACCOUNT, "sa-1", "billing-sync")))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
        fixture.given(CREATED)
                .when(new RecordDepartureReportRead(WS, "m-1", null, null, DepartureChannel.GRAPHQL, null))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void cannotRecordAReadWithoutItsSubjectOrWithABackwardRange() {
        fixture.given(CREATED)
                .when(new RecordDepartureReportRead(WS, " ", null, null, DepartureChannel.GRAPHQL, OPERATOR))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "memberId"))
                .expectNoEvents();
        fixture.given(CREATED)
                .when(new RecordDepartureReportRead(WS, "m-3", TO, FROM, DepartureChannel.GRAPHQL, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "to"))
                .expectNoEvents();
        fixture.given(CREATED)
                .when(new RecordDepartureReportRead(WS, "m-3", FROM, FROM, null, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, null))
                .expectNoEvents();
    }
}
