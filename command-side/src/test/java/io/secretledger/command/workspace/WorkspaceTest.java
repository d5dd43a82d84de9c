package io.secretledger.command.workspace;

import io.secretledger.api.integration.ChangeEgressAllowlist;
import io.secretledger.api.integration.EgressAllowlistChanged;
import io.secretledger.api.integration.EgressRule;
import io.secretledger.api.common.ErrorDetails;
import java.util.List;
import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.Permission;
import io.secretledger.api.common.Role;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.key.KeyRotation;
import io.secretledger.api.key.RotateWorkspaceKey;
import io.secretledger.api.key.WorkspaceKeyRotated;
import io.secretledger.api.workspace.AddMember;
import io.secretledger.api.workspace.AuthenticateServiceAccount;
import io.secretledger.api.workspace.CreateServiceAccount;
import io.secretledger.api.workspace.IssueServiceAccountToken;
import io.secretledger.api.workspace.RevokeServiceAccountToken;
import io.secretledger.api.workspace.ServiceAccountCreated;
import io.secretledger.api.workspace.ServiceAccountIdentity;
import io.secretledger.api.workspace.ServiceAccountTokenIssued;
import io.secretledger.api.workspace.ServiceAccountTokenRevoked;
import io.secretledger.api.workspace.ServiceScope;
import io.secretledger.api.workspace.ChangeMemberPermissions;
import io.secretledger.api.workspace.ChangeMemberProfile;
import io.secretledger.api.workspace.ChangeWorkspaceSettings;
import io.secretledger.api.workspace.CreateWorkspace;
import io.secretledger.api.workspace.IssueMemberToken;
import io.secretledger.api.workspace.MemberAdded;
import io.secretledger.api.workspace.MemberPermissionsChanged;
import io.secretledger.api.workspace.MemberProfileChanged;
import io.secretledger.api.workspace.MemberRemoved;
import io.secretledger.api.workspace.MemberTokenIssued;
import io.secretledger.api.workspace.RemoveMember;
import io.secretledger.api.workspace.WorkspaceCreated;
import io.secretledger.api.workspace.WorkspaceSettings;
import io.secretledger.api.workspace.WorkspaceSettingsChanged;
import io.secretledger.command.common.DomainExceptionTranslator;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static org.axonframework.test.matchers.Matchers.matches;
import static io.secretledger.command.support.Fixtures.refusedWith;
import static org.assertj.core.api.Assertions.assertThat;

class WorkspaceTest {

    private final io.secretledger.command.support.Fixtures.WorkspaceNamesInMemory workspaceNames =
            new io.secretledger.command.support.Fixtures.WorkspaceNamesInMemory();

    private static final String WS = "ws-1";
    private static final Actor OWNER = Actor.member("m-1", "owner@acme.test");
    private static final Actor ADMIN = Actor.member("m-2", "admin@acme.test");
    private static final WorkspaceCreated CREATED = new WorkspaceCreated(WS, "Acme support", "m-1", "owner@acme.test",
            Set.of(Permission.ACCOUNT_OWNER), Actor.SYSTEM);
    private static final MemberAdded ADMIN_ADDED = new MemberAdded(WS, "m-2", "admin@acme.test", "Engineer", "Ops",
            Role.ADMIN.permissions(), OWNER);

    private FixtureConfiguration<Workspace> fixture;
    private io.secretledger.command.crypto.KeyHierarchy keys;

    @BeforeEach
    void setUp() {
        keys = io.secretledger.command.support.Fixtures.keys();
        fixture = new AggregateTestFixture<>(Workspace.class)
                .registerInjectableResource(workspaceNames)
                .registerInjectableResource(keys)
                .registerInjectableResource((InvitationMail) (email, workspace, token, expiresAt) -> { })
                .registerCommandHandlerInterceptor(new DomainExceptionTranslator());
    }

    @Test
    void canCreateAWorkspaceWhoseFirstMemberOwnsIt() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkspace(WS, "Acme support", "m-1", "owner@acme.test"))
                .expectEvents(CREATED)
                .expectState(workspace -> {
                    assertThat(workspace.member("m-1")).hasValueSatisfying(member ->
                            assertThat(member.permissions()).containsExactly(Permission.ACCOUNT_OWNER));
                    assertThat(workspace.settings()).isEqualTo(WorkspaceSettings.defaults());
                });
    }

    @Test
    void cannotCreateAWorkspaceWithoutNameOrOwner() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkspace(WS, " ", null, "not-an-address"))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "name"))
                .expectNoEvents();
    }

    @Test
    void canAddAMemberWithARole() {
        fixture.given(CREATED)
                .when(new AddMember(WS, "m-2", " admin@acme.test ", "Engineer", "Ops", Role.ADMIN.permissions(), OWNER))
                .expectEvents(ADMIN_ADDED);
    }

    @Test
    void cannotAddAMemberTwiceByEmail() {
        fixture.given(CREATED, ADMIN_ADDED)
                .when(new AddMember(WS, "m-3", "ADMIN@acme.test", null, null, Set.of(), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.CONFLICT, "email"))
                .expectNoEvents();
    }

    @Test
    void cannotManageMembersWithoutBeingAnOwner() {
        fixture.given(CREATED, ADMIN_ADDED)
                .when(new AddMember(WS, "m-3", "new@acme.test", null, null, Role.OWNER.permissions(), ADMIN))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void cannotGrantThemselvesMoreWithoutBeingAnOwner() {
        fixture.given(CREATED, ADMIN_ADDED)
                .when(new ChangeMemberPermissions(WS, "m-2", Role.OWNER.permissions(), ADMIN))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void canChangeAMembersPermissions() {
        fixture.given(CREATED, ADMIN_ADDED)
                .when(new ChangeMemberPermissions(WS, "m-2", Role.EDITOR.permissions(), OWNER))
                .expectEvents(new MemberPermissionsChanged(WS, "m-2", Role.EDITOR.permissions(), OWNER));
    }

    @Test
    void cannotDemoteTheLastOwner() {
        fixture.given(CREATED, ADMIN_ADDED)
                .when(new ChangeMemberPermissions(WS, "m-1", Role.ADMIN.permissions(), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "permissions"))
                .expectNoEvents();
    }

    @Test
    void cannotRemoveTheLastOwner() {
        fixture.given(CREATED, ADMIN_ADDED)
                .when(new RemoveMember(WS, "m-1", OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "memberId"))
                .expectNoEvents();
    }

    @Test
    void canRemoveAnOwnerWhenAnotherRemains() {
        fixture.given(CREATED, ADMIN_ADDED, new MemberPermissionsChanged(WS, "m-2", Role.OWNER.permissions(), OWNER))
                .when(new RemoveMember(WS, "m-1", Actor.member("m-2", "admin@acme.test")))
                .expectEvents(new MemberRemoved(WS, "m-1", Actor.member("m-2", "admin@acme.test")));
    }

    @Test
    void cannotRemoveAnUnknownMember() {
        fixture.given(CREATED)
                .when(new RemoveMember(WS, "m-9", OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "memberId"))
                .expectNoEvents();
    }

    @Test
    void aRemovedMemberCanNoLongerActAsOwner() {
        Actor removed = Actor.member("m-2", "admin@acme.test");
        fixture.given(CREATED, ADMIN_ADDED, new MemberPermissionsChanged(WS, "m-2", Role.OWNER.permissions(), OWNER),
                        new MemberRemoved(WS, "m-2", OWNER))
                .when(new ChangeWorkspaceSettings(WS, WorkspaceSettings.of(false, true, true), removed))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void canChangeTheWorkspaceControls() {
        WorkspaceSettings settings = WorkspaceSettings.of(true, true, true);
        fixture.given(CREATED)
                .when(new ChangeWorkspaceSettings(WS, settings, OWNER))
                .expectEvents(new WorkspaceSettingsChanged(WS, settings, OWNER));
    }

    @Test
    void canAskForReasonsAndTicketsBeforeRevealsAndBoundRequestedAccess() {
        WorkspaceSettings settings = new WorkspaceSettings(true, false, false, true, true, true, 8760, 720);
        fixture.given(CREATED)
                .when(new ChangeWorkspaceSettings(WS, settings, OWNER))
                .expectEvents(new WorkspaceSettingsChanged(WS, settings, OWNER));
        for (int hours : new int[] {0, -1, 8761}) {
            fixture.given(CREATED)
                    .when(new ChangeWorkspaceSettings(WS, new WorkspaceSettings(true, false, false, false, false, false,
                            hours, 72), OWNER))
                    .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "maxAccessRequestHours"))
                    .expectNoEvents();
            fixture.given(CREATED)
                    .when(new ChangeWorkspaceSettings(WS, new WorkspaceSettings(true, false, false, false, false, false,
                            8, hours == 8761 ? 721 : hours), OWNER))
                    .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "maxShareLinkHours"))
                    .expectNoEvents();
        }
    }

    @Test
    void canSetTheEgressAllowlistNormalisedAndOnlyAsAnOwner() {
        fixture.given(CREATED)
                .when(new ChangeEgressAllowlist(WS, List.of(new EgressRule(" HTTPS", "API.Payments.example ", 443,
                        false)), OWNER))
                .expectEvents(new EgressAllowlistChanged(WS, List.of(new EgressRule("https", "api.payments.example",
                        443, false)), OWNER));
        fixture.given(CREATED, new EgressAllowlistChanged(WS, List.of(new EgressRule("https", "api.payments.example",
                        443, false)), OWNER))
                .when(new ChangeEgressAllowlist(WS, List.of(new EgressRule("https", "api.payments.example", 443,
                        false)), OWNER))
                .expectNoEvents();
        fixture.given(CREATED, ADMIN_ADDED)
                .when(new ChangeEgressAllowlist(WS, List.of(), Actor.member("m-2", "admin@acme.test")))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void cannotAllowABadDestinationAndSaysWhichFieldOfWhichRule() {
        fixture.given(CREATED)
                .when(new ChangeEgressAllowlist(WS, List.of(new EgressRule("https", "api.example", 443, false),
                        new EgressRule("ftp", "https://api.example/x", 0, false)), OWNER))
                .expectExceptionDetails(matches(details -> details instanceof ErrorDetails error
                        && error.code() == ErrorCode.VALIDATION && error.violations().stream()
                        .map(ErrorDetails.Violation::field).toList()
                        .equals(List.of("rules[1].scheme", "rules[1].host", "rules[1].port"))))
                .expectNoEvents();
    }

    @Test
    void unchangedSettingsRecordNothing() {
        fixture.given(CREATED)
                .when(new ChangeWorkspaceSettings(WS, WorkspaceSettings.defaults(), OWNER))
                .expectNoEvents();
    }

    @Test
    void canChangeAMembersTitleAndDivision() {
        fixture.given(CREATED, ADMIN_ADDED)
                .when(new ChangeMemberProfile(WS, "m-2", "Lead engineer", null, OWNER))
                .expectEvents(new MemberProfileChanged(WS, "m-2", "Lead engineer", "Ops", OWNER));
    }

    @Test
    void canIssueATokenForAMemberAndRecordsItWithoutTheToken() {
        Instant expires = Instant.parse("2026-12-01T00:00:00Z");
        MemberTokenIssued issued = new MemberTokenIssued(WS, "m-2", "admin@acme.test", "tok-1", expires, OWNER);
        fixture.given(CREATED, ADMIN_ADDED)
                .when(new IssueMemberToken(WS, "m-2", "tok-1", expires, OWNER))
                .expectEvents(issued)
                .expectResultMessagePayload(issued);
    }

    private static final ServiceAccountCreated HELPDESK = new ServiceAccountCreated(WS, "sa-1", "Helpdesk sync",
            Set.of(ServiceScope.TICKETS), OWNER);
    private static final String SECRET_HASH = Workspace.sha256Hex("s3cret-token-value");

    @Test
    void canCreateAServiceAccountAndIssueItATokenRecordedOnlyByHash() {
        fixture.given(CREATED)
                .when(new CreateServiceAccount(WS, "sa-1", "Helpdesk sync", Set.of(ServiceScope.TICKETS), OWNER))
                .expectEvents(HELPDESK);
        fixture.given(CREATED, HELPDESK)
                .when(new IssueServiceAccountToken(WS, "sa-1", "tok-1", new Plaintext("s3cret-token-value-with-enough-length"), OWNER))
                .expectEvents(new ServiceAccountTokenIssued(WS, "sa-1", "tok-1",
                        Workspace.sha256Hex("s3cret-token-value-with-enough-length"), OWNER));
    }

    @Test
    void cannotManageServiceAccountsWithoutBeingAnOwner() {
        fixture.given(CREATED, ADMIN_ADDED)
                .when(new CreateServiceAccount(WS, "sa-1", "Helpdesk sync", Set.of(ServiceScope.TICKETS), ADMIN))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void canAuthenticateWithTheRightSecretOnly() {
        fixture.given(CREATED, HELPDESK, new ServiceAccountTokenIssued(WS, "sa-1", "tok-1", SECRET_HASH, OWNER))
                .when(new AuthenticateServiceAccount(WS, "tok-1", new Plaintext("s3cret-token-value")))
                .expectNoEvents()
                .expectResultMessagePayload(new ServiceAccountIdentity(WS, "sa-1", "Helpdesk sync",
                        Set.of(ServiceScope.TICKETS)));
        fixture.given(CREATED, HELPDESK, new ServiceAccountTokenIssued(WS, "sa-1", "tok-1", SECRET_HASH, OWNER))
                .when(new AuthenticateServiceAccount(WS, "tok-1", new Plaintext("s3cret-token-valuE")))
                .expectExceptionDetails(refusedWith(ErrorCode.UNAUTHENTICATED, null));
        fixture.given(CREATED, HELPDESK, new ServiceAccountTokenIssued(WS, "sa-1", "tok-1", SECRET_HASH, OWNER))
                .when(new AuthenticateServiceAccount(WS, "tok-2", new Plaintext("s3cret-token-value")))
                .expectExceptionDetails(refusedWith(ErrorCode.UNAUTHENTICATED, null));
    }

    @Test
    void cannotAuthenticateWithARevokedToken() {
        fixture.given(CREATED, HELPDESK, new ServiceAccountTokenIssued(WS, "sa-1", "tok-1", SECRET_HASH, OWNER),
                        new ServiceAccountTokenRevoked(WS, "sa-1", "tok-1", OWNER))
                .when(new AuthenticateServiceAccount(WS, "tok-1", new Plaintext("s3cret-token-value")))
                .expectExceptionDetails(refusedWith(ErrorCode.UNAUTHENTICATED, null));
    }

    @Test
    void cannotRevokeATokenOfAnotherServiceAccount() {
        fixture.given(CREATED, HELPDESK, new ServiceAccountTokenIssued(WS, "sa-1", "tok-1", SECRET_HASH, OWNER))
                .when(new RevokeServiceAccountToken(WS, "sa-2", "tok-1", OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "tokenId"))
                .expectNoEvents();
    }

    @Test
    void cannotIssueATokenForSomeoneWhoIsNotAMember() {
        fixture.given(CREATED)
                .when(new IssueMemberToken(WS, "m-7", "tok-1", Instant.parse("2026-12-01T00:00:00Z"), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "memberId"))
                .expectNoEvents();
    }

    @Test
    void canRotateTheWorkspaceKeyAsOwnerAndTheRotationIsRecorded() {
        keys.forEncryption(WS, "s-1");
        keys.forEncryption(WS, "s-2");
        fixture.given(CREATED)
                .when(new RotateWorkspaceKey(WS, OWNER))
                .expectEvents(new WorkspaceKeyRotated(WS, "1", "2", 2, OWNER))
                .expectResultMessagePayload(new KeyRotation("1", "2", 2));
    }

    @Test
    void cannotRotateTheWorkspaceKeyWithoutOwning() {
        fixture.given(CREATED, ADMIN_ADDED)
                .when(new RotateWorkspaceKey(WS, Actor.member("m-2", "admin@acme.test")))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }
}
