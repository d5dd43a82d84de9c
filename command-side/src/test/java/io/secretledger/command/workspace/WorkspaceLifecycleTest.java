package io.secretledger.command.workspace;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ActorType;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.Permission;
import io.secretledger.api.common.Role;
import io.secretledger.api.workspace.AddMember;
import io.secretledger.api.workspace.CreateWorkspace;
import io.secretledger.api.workspace.RenameWorkspace;
import io.secretledger.api.workspace.ResumeWorkspace;
import io.secretledger.api.workspace.SuspendWorkspace;
import io.secretledger.api.workspace.WorkspaceCreated;
import io.secretledger.api.workspace.WorkspaceRenamed;
import io.secretledger.api.workspace.WorkspaceResumed;
import io.secretledger.api.workspace.WorkspaceSuspended;
import io.secretledger.command.common.DomainExceptionTranslator;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.secretledger.command.support.Fixtures.refusedWith;
import static org.assertj.core.api.Assertions.assertThat;

/** The operator's side of a workspace: creation by an operator, renaming, suspension and its effect on members. */
class WorkspaceLifecycleTest {

    private static final String WS = "ws-1";
    private static final Actor OPERATOR = new Actor(ActorType.OPERATOR, "op-1", "ops@msp.test");
    private static final Actor OWNER = Actor.member("m-1", "owner@acme.test");
    private static final WorkspaceCreated CREATED = new WorkspaceCreated(WS, "Acme support", "m-1", "owner@acme.test",
            Set.of(Permission.ACCOUNT_OWNER), OPERATOR);
    private static final WorkspaceSuspended SUSPENDED = new WorkspaceSuspended(WS, "Invoice unpaid", OPERATOR);

    private final io.secretledger.command.support.Fixtures.WorkspaceNamesInMemory workspaceNames =
            new io.secretledger.command.support.Fixtures.WorkspaceNamesInMemory();
    private FixtureConfiguration<Workspace> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Workspace.class)
                .registerInjectableResource(workspaceNames)
                .registerInjectableResource(io.secretledger.command.support.Fixtures.keys())
                .registerInjectableResource((InvitationMail) (email, workspace, token, expiresAt) -> { })
                .registerCommandHandlerInterceptor(new DomainExceptionTranslator());
    }

    @Test
    void canCreateAWorkspaceAsAnOperator() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkspace(WS, " Acme support ", "m-1", "owner@acme.test", OPERATOR))
                .expectEvents(CREATED)
                .expectState(workspace -> assertThat(workspace.suspended()).isFalse());
    }

    @Test
    void cannotCreateAWorkspaceAsAMember() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkspace(WS, "Acme support", "m-1", "owner@acme.test", OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void cannotCreateAWorkspaceWithANameOverTheLimit() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkspace(WS, "x".repeat(201), "m-1", "owner@acme.test", OPERATOR))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "name"))
                .expectNoEvents();
    }

    @Test
    void cannotCreateAWorkspaceWithANameAnotherHasInAnyCase() {
        workspaceNames.with("acme support", "ws-other");

        fixture.givenNoPriorActivity()
                .when(new CreateWorkspace(WS, " ACME Support", "m-1", "owner@acme.test", OPERATOR))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "name"))
                .expectNoEvents();
        assertThat(workspaceNames.holder("acme support")).contains("ws-other");
    }

    @Test
    void canClaimTheNameOfTheWorkspaceItCreates() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkspace(WS, " Acme support ", "m-1", "owner@acme.test", OPERATOR))
                .expectEvents(CREATED);
        assertThat(workspaceNames.holder("acme support")).contains(WS);
    }

    @Test
    void cannotRenameAWorkspaceToANameAnotherHas() {
        workspaceNames.with("acme support", WS).with("globex", "ws-other");

        fixture.given(CREATED)
                .when(new RenameWorkspace(WS, "Globex", OPERATOR))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "name"))
                .expectNoEvents();
        assertThat(workspaceNames.holder("acme support")).contains(WS);
    }

    @Test
    void canRenameAWorkspaceAndFreeItsOldName() {
        workspaceNames.with("acme support", WS);

        fixture.given(CREATED)
                .when(new RenameWorkspace(WS, "Acme helpdesk", OPERATOR))
                .expectEvents(new WorkspaceRenamed(WS, "Acme helpdesk", OPERATOR));
        assertThat(workspaceNames.holder("acme helpdesk")).contains(WS);
        assertThat(workspaceNames.holder("acme support")).isEmpty();
    }

    @Test
    void canRenameAWorkspaceInAnotherCaseKeepingItsName() {
        workspaceNames.with("acme support", WS);

        fixture.given(CREATED)
                .when(new RenameWorkspace(WS, "ACME Support", OPERATOR))
                .expectEvents(new WorkspaceRenamed(WS, "ACME Support", OPERATOR));
        assertThat(workspaceNames.holder("acme support")).contains(WS);
    }

    @Test
    void canRenameAWorkspace() {
        fixture.given(CREATED)
                .when(new RenameWorkspace(WS, " Acme helpdesk ", OPERATOR))
                .expectEvents(new WorkspaceRenamed(WS, "Acme helpdesk", OPERATOR));
    }

    @Test
    void canRenameAWorkspaceToItsNameWithoutAnEvent() {
        fixture.given(CREATED)
                .when(new RenameWorkspace(WS, "Acme support", OPERATOR))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void cannotRenameAWorkspaceAsItsOwner() {
        fixture.given(CREATED)
                .when(new RenameWorkspace(WS, "Mine now", OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void cannotRenameAWorkspaceToABlankName() {
        fixture.given(CREATED)
                .when(new RenameWorkspace(WS, "  ", OPERATOR))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "name"))
                .expectNoEvents();
    }

    @Test
    void canSuspendAWorkspaceWhoseMembersThenAreRefused() {
        fixture.given(CREATED)
                .when(new SuspendWorkspace(WS, " Invoice unpaid ", OPERATOR))
                .expectEvents(SUSPENDED)
                .expectState(workspace -> {
                    assertThat(workspace.suspended()).isTrue();
                    assertThat(workspace.member("m-1")).isEmpty();
                });
    }

    @Test
    void cannotManageMembersOfASuspendedWorkspace() {
        fixture.given(CREATED, SUSPENDED)
                .when(new AddMember(WS, "m-2", "admin@acme.test", null, null, Role.ADMIN.permissions(), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void cannotSuspendAWorkspaceWithoutAReason() {
        fixture.given(CREATED)
                .when(new SuspendWorkspace(WS, " ", OPERATOR))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "reason"))
                .expectNoEvents();
    }

    @Test
    void cannotSuspendAWorkspaceAsItsOwner() {
        fixture.given(CREATED)
                .when(new SuspendWorkspace(WS, "Leaving", OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void cannotSuspendASuspendedWorkspace() {
        fixture.given(CREATED, SUSPENDED)
                .when(new SuspendWorkspace(WS, "Again", OPERATOR))
                .expectExceptionDetails(refusedWith(ErrorCode.CONFLICT, "workspaceId"))
                .expectNoEvents();
    }

    @Test
    void canResumeASuspendedWorkspaceWithItsMembers() {
        fixture.given(CREATED, SUSPENDED)
                .when(new ResumeWorkspace(WS, OPERATOR))
                .expectEvents(new WorkspaceResumed(WS, OPERATOR))
                .expectState(workspace -> assertThat(workspace.member("m-1")).isPresent());
    }

    @Test
    void cannotResumeAWorkspaceThatIsNotSuspended() {
        fixture.given(CREATED)
                .when(new ResumeWorkspace(WS, OPERATOR))
                .expectExceptionDetails(refusedWith(ErrorCode.CONFLICT, "workspaceId"))
                .expectNoEvents();
    }
}
