package io.secretledger.command.workspace;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.Permission;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.common.Role;
import io.secretledger.api.invitation.AcceptInvitation;
import io.secretledger.api.invitation.Identity;
import io.secretledger.api.invitation.InvitationAcceptance;
import io.secretledger.api.invitation.InvitationAccepted;
import io.secretledger.api.invitation.InvitationRevoked;
import io.secretledger.api.invitation.InviteMember;
import io.secretledger.api.invitation.MemberInvited;
import io.secretledger.api.invitation.OwnerInvitation;
import io.secretledger.api.invitation.RevokeInvitation;
import io.secretledger.api.common.ActorType;
import io.secretledger.api.workspace.CreateWorkspace;
import io.secretledger.api.workspace.MemberAdded;
import io.secretledger.api.workspace.WorkspaceCreated;
import io.secretledger.command.common.DomainExceptionTranslator;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.secretledger.command.support.Fixtures.refusedWith;
import static org.assertj.core.api.Assertions.assertThat;

/** Invitations: sent by owners, mailed once stored, accepted once, before they expire, by the invited address. */
class InvitationsTest {

    private final io.secretledger.command.support.Fixtures.WorkspaceNamesInMemory workspaceNames =
            new io.secretledger.command.support.Fixtures.WorkspaceNamesInMemory();

    private static final String WS = "ws-1";
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final Instant EXPIRES = NOW.plus(Duration.ofDays(3));
    private static final Actor OPERATOR = new Actor(ActorType.OPERATOR, "op-1", "ops@msp.test");
    private static final Actor OWNER = Actor.member("m-1", "owner@acme.test");
    private static final String TOKEN = "slinv." + WS + ".inv-1." + "t".repeat(43);
    private static final String LOCAL = "secretledger-local";
    private static final WorkspaceCreated CREATED = new WorkspaceCreated(WS, "Acme support", "m-1", "owner@acme.test",
            Set.of(Permission.ACCOUNT_OWNER), OPERATOR);
    private static final MemberInvited INVITED = new MemberInvited(WS, "inv-1", null, "tech@acme.test",
            Role.EDITOR.permissions(), "Technician", "EMEA", EXPIRES, Workspace.sha256Hex(TOKEN), OWNER);

    private final List<String> mailed = new ArrayList<>();
    private FixtureConfiguration<Workspace> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Workspace.class)
                .registerInjectableResource(workspaceNames)
                .registerInjectableResource(io.secretledger.command.support.Fixtures.keys())
                .registerInjectableResource((InvitationMail) (email, workspace, token, expiresAt) ->
                        mailed.add(email + " " + workspace + " " + token.value() + " " + expiresAt))
                .registerCommandHandlerInterceptor(new DomainExceptionTranslator());
    }

    private static InviteMember invite(String email, Instant expiresAt, Actor actor) {
        return new InviteMember(WS, "inv-1", email, Role.EDITOR.permissions(), "Technician", "EMEA",
                new Plaintext(TOKEN), expiresAt, actor);
    }

    private static AcceptInvitation acceptLocally(String token) {
        return new AcceptInvitation(WS, "inv-1", new Plaintext(token), "m-2", new Identity(LOCAL, null, null, false),
                true);
    }

    @Test
    void canInviteAMemberAndMailTheTokenOnceStored() {
        fixture.givenCurrentTime(NOW).andGiven(CREATED)
                .when(invite(" tech@acme.test ", EXPIRES, OWNER))
                .expectEvents(INVITED);
        assertThat(mailed).containsExactly("tech@acme.test Acme support " + TOKEN + " " + EXPIRES);
    }

    @Test
    void cannotInviteAsAMemberWhoIsNoOwner() {
        fixture.givenCurrentTime(NOW).andGiven(CREATED)
                .when(invite("tech@acme.test", EXPIRES, Actor.member("m-9", "x@acme.test")))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
        assertThat(mailed).isEmpty();
    }

    @Test
    void cannotInviteForLongerThanThirtyDaysOrWithAWeakToken() {
        fixture.givenCurrentTime(NOW).andGiven(CREATED)
                .when(invite("tech@acme.test", NOW.plus(Duration.ofDays(31)), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "expiresInHours"))
                .expectNoEvents();
        fixture.givenCurrentTime(NOW).andGiven(CREATED)
                .when(new InviteMember(WS, "inv-1", "tech@acme.test", Set.of(), null, null, new Plaintext("short"),
                        EXPIRES, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "token"))
                .expectNoEvents();
    }

    @Test
    void cannotInviteAMemberOrAnAddressInvitedAlready() {
        fixture.givenCurrentTime(NOW).andGiven(CREATED)
                .when(invite("OWNER@acme.test", EXPIRES, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.CONFLICT, "email"))
                .expectNoEvents();
        fixture.givenCurrentTime(NOW).andGiven(CREATED, INVITED)
                .when(new InviteMember(WS, "inv-2", "tech@acme.test", Set.of(), null, null, new Plaintext(TOKEN + "x"),
                        EXPIRES, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.CONFLICT, "email"))
                .expectNoEvents();
    }

    @Test
    void canAcceptOnceWithTheMailedTokenAndBecomeTheInvitedMember() {
        Actor tech = Actor.member("m-2", "tech@acme.test");
        fixture.givenCurrentTime(NOW).andGiven(CREATED, INVITED)
                .when(acceptLocally(TOKEN))
                .expectResultMessagePayload(new InvitationAcceptance(WS, "m-2", "tech@acme.test"))
                .expectEvents(new InvitationAccepted(WS, "inv-1", "m-2", LOCAL, "m-2", tech),
                        new MemberAdded(WS, "m-2", "tech@acme.test", "Technician", "EMEA", Role.EDITOR.permissions(),
                                tech));
        fixture.givenCurrentTime(NOW).andGiven(CREATED, INVITED, new InvitationAccepted(WS, "inv-1", "m-2", LOCAL, "m-2", tech))
                .when(acceptLocally(TOKEN))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "token"))
                .expectNoEvents();
    }

    @Test
    void cannotAcceptWithAWrongTokenAfterExpiryOrAfterRevocation() {
        fixture.givenCurrentTime(NOW).andGiven(CREATED, INVITED)
                .when(acceptLocally(TOKEN.replace('t', 'u')))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "token"))
                .expectNoEvents();
        fixture.givenCurrentTime(NOW).andGiven(CREATED, INVITED, new InvitationRevoked(WS, "inv-1", OWNER))
                .when(acceptLocally(TOKEN))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "token"))
                .expectNoEvents();
        fixture.givenCurrentTime(EXPIRES).andGiven(CREATED, INVITED)
                .when(acceptLocally(TOKEN))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "token"))
                .expectNoEvents();
    }

    @Test
    void canRevokeAnOpenInvitationButNotAnUnknownOne() {
        fixture.givenCurrentTime(NOW).andGiven(CREATED, INVITED)
                .when(new RevokeInvitation(WS, "inv-1", OWNER))
                .expectEvents(new InvitationRevoked(WS, "inv-1", OWNER));
        fixture.givenCurrentTime(NOW).andGiven(CREATED)
                .when(new RevokeInvitation(WS, "inv-9", OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "invitationId"))
                .expectNoEvents();
    }

    @Test
    void canAcceptWithAProvidersIdentityOnlyForTheVerifiedInvitedAddress() {
        String issuer = "https://idp.acme.test/realms/acme";
        Actor tech = Actor.member("m-2", "tech@acme.test");
        fixture.givenCurrentTime(NOW).andGiven(CREATED, INVITED)
                .when(new AcceptInvitation(WS, "inv-1", new Plaintext(TOKEN), "m-2",
                        new Identity(issuer, "sub-7", "Tech@Acme.test", true), false))
                .expectEvents(new InvitationAccepted(WS, "inv-1", "m-2", issuer, "sub-7", tech),
                        new MemberAdded(WS, "m-2", "tech@acme.test", "Technician", "EMEA", Role.EDITOR.permissions(),
                                tech));
        fixture.givenCurrentTime(NOW).andGiven(CREATED, INVITED)
                .when(new AcceptInvitation(WS, "inv-1", new Plaintext(TOKEN), "m-2",
                        new Identity(issuer, "sub-7", "tech@acme.test", false), false))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
        fixture.givenCurrentTime(NOW).andGiven(CREATED, INVITED)
                .when(new AcceptInvitation(WS, "inv-1", new Plaintext(TOKEN), "m-2",
                        new Identity(issuer, "sub-7", "someone@else.test", true), false))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void cannotAcceptTwiceAsTheSameIdentity() {
        String issuer = "https://idp.acme.test/realms/acme";
        Actor owner = Actor.member("m-1", "owner@acme.test");
        fixture.givenCurrentTime(NOW).andGiven(CREATED, new InvitationAccepted(WS, "inv-0", "m-1", issuer, "sub-7", owner),
                        new MemberInvited(WS, "inv-1", null, "owner-alias@acme.test", Set.of(), null, null, EXPIRES,
                                Workspace.sha256Hex(TOKEN), OWNER))
                .when(new AcceptInvitation(WS, "inv-1", new Plaintext(TOKEN), "m-2",
                        new Identity(issuer, "sub-7", "owner-alias@acme.test", true), false))
                .expectExceptionDetails(refusedWith(ErrorCode.CONFLICT, "token"))
                .expectNoEvents();
    }

    @Test
    void canCreateAWorkspaceWhoseFirstOwnerIsInvitedAndBoundOnAcceptance() {
        fixture.givenCurrentTime(NOW)
                .when(new CreateWorkspace(WS, "Acme support", "m-1", "owner@acme.test", OPERATOR,
                        new OwnerInvitation("inv-0", new Plaintext(TOKEN), EXPIRES)))
                .expectEvents(CREATED, new MemberInvited(WS, "inv-0", "m-1", "owner@acme.test",
                        Set.of(Permission.ACCOUNT_OWNER), null, null, EXPIRES, Workspace.sha256Hex(TOKEN), OPERATOR));
        assertThat(mailed).hasSize(1);
        fixture.givenCurrentTime(NOW).andGiven(CREATED, new MemberInvited(WS, "inv-0", "m-1", "owner@acme.test",
                        Set.of(Permission.ACCOUNT_OWNER), null, null, EXPIRES, Workspace.sha256Hex(TOKEN), OPERATOR))
                .when(new AcceptInvitation(WS, "inv-0", new Plaintext(TOKEN), "m-new",
                        new Identity(LOCAL, null, null, false), true))
                .expectResultMessagePayload(new InvitationAcceptance(WS, "m-1", "owner@acme.test"))
                .expectEvents(new InvitationAccepted(WS, "inv-0", "m-1", LOCAL, "m-1",
                        Actor.member("m-1", "owner@acme.test")));
    }
}
