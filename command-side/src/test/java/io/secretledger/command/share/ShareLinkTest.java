package io.secretledger.command.share;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ActorType;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.Permission;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.share.FieldShared;
import io.secretledger.api.share.RevokeShareLink;
import io.secretledger.api.share.SendShareCode;
import io.secretledger.api.share.ShareCodeSent;
import io.secretledger.api.share.ShareField;
import io.secretledger.api.share.ShareLinkIds;
import io.secretledger.api.share.ShareLinkRefused;
import io.secretledger.api.share.ShareLinkRevoked;
import io.secretledger.api.share.ShareLinkState;
import io.secretledger.api.share.ShareOutcome;
import io.secretledger.api.share.SharedFieldValue;
import io.secretledger.api.share.SharedFieldViewed;
import io.secretledger.api.share.CheckShareLink;
import io.secretledger.api.share.LinkCheck;
import io.secretledger.api.share.ViewSharedField;
import io.secretledger.api.workspace.WorkspaceSettings;
import io.secretledger.command.common.DomainExceptionTranslator;
import io.secretledger.command.support.Fixtures;
import io.secretledger.policy.TicketState;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.secretledger.command.share.FakeSecrets.CANARY;
import static io.secretledger.command.share.FakeSecrets.SECRET;
import static io.secretledger.command.support.Fixtures.OTHER_WORKSPACE;
import static io.secretledger.command.support.Fixtures.OWNER;
import static io.secretledger.command.support.Fixtures.STRANGER;
import static io.secretledger.command.support.Fixtures.VIEWER;
import static io.secretledger.command.support.Fixtures.WORKSPACE;
import static io.secretledger.command.support.Fixtures.refusedWith;
import static org.assertj.core.api.Assertions.assertThat;

class ShareLinkTest {

    static final String TOKEN = "t".repeat(43);
    static final String ID = ShareLinkIds.of(TOKEN);
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final Actor CONTACT = new Actor(ActorType.CONTACT, "contact-1", "contact contact-1");
    static final FieldShared SHARED = shared(1, false);

    private FixtureConfiguration<ShareLink> fixture;
    private FakeSecrets secrets;
    private final List<String> mailed = new ArrayList<>();
    private final Map<String, String> codes = new HashMap<>();

    static FieldShared shared(int views, boolean code) {
        return new FieldShared(ID, WORKSPACE, SECRET, "token", 1, "Token", "contact-1", "client@example.com",
                "ticket-1", T0.plus(Duration.ofHours(24)), views, code, OWNER);
    }

    @BeforeEach
    void setUp() {
        secrets = new FakeSecrets();
        Fixtures.Directory directory = Fixtures.directory();
        directory.put(WORKSPACE, STRANGER, Permission.VIEW_ASSIGNED);
        directory.put(WORKSPACE, new WorkspaceSettings(true, false, false, false, false, false, 8, 48));
        Fixtures.Tickets tickets = new Fixtures.Tickets()
                .with(new TicketState("ticket-1", WORKSPACE, Set.of("contact-1"), Set.of(OWNER.id())))
                .with(new TicketState("ticket-closed", WORKSPACE, Set.of(), Set.of(), false));
        ShareMail mail = new ShareMail() {
            @Override
            public void shareLink(String to, String secretName, String fieldLabel, Plaintext token, Instant expiresAt,
                                  boolean codeRequired) {
                mailed.add(to + " " + token.value());
            }

            @Override
            public void credentialRequest(String to, String secretName, String fieldLabel, Plaintext token,
                                          Instant expiresAt) {
            }

            @Override
            public void credentialReceived(String to, String secretId, String fieldKey, String contactId,
                                           int version) {
            }
        };
        ShareCodes shareCodes = new ShareCodes() {
            @Override
            public void issue(String linkId, int number, String email, Instant expiresAt) {
                codes.put(linkId + number, "123456");
            }

            @Override
            public boolean matches(String linkId, int number, Plaintext code) {
                return code.value().equals(codes.get(linkId + number));
            }

            @Override
            public void consume(String linkId) {
                codes.clear();
            }
        };
        fixture = new AggregateTestFixture<>(ShareLink.class)
                .registerInjectableResource(directory)
                .registerInjectableResource(secrets)
                .registerInjectableResource(shareCodes)
                .registerInjectableResource(mail);
        fixture.registerAnnotatedCommandHandler(new Links(fixture.getRepository(), null, directory, tickets, secrets,
                mail));
        fixture.registerCommandHandlerInterceptor(new DomainExceptionTranslator());
    }

    private static ShareField share(String contactId, String fieldKey, int hours, int views, Actor actor) {
        return new ShareField(ID, new Plaintext(TOKEN), WORKSPACE, SECRET, fieldKey, contactId, "client@example.com",
                "ticket-1", hours, views, false, actor);
    }

    @Test
    void canShareAFieldWithARelatedContactAndMailTheLink() {
        fixture.givenCurrentTime(T0)
                .when(share("contact-1", "token", 24, 1, OWNER))
                .expectEvents(SHARED)
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.matches(state ->
                        state instanceof ShareLinkState link && ID.equals(link.linkId()) && link.refused() == null));
        assertThat(mailed).containsExactly("client@example.com " + TOKEN);
        assertThat(secrets.refused).isEmpty();
    }

    @Test
    void cannotShareWithAContactNotRelatedToTheSecretAndTheAttemptIsRecordedWithIt() {
        fixture.givenCurrentTime(T0)
                .when(share("contact-9", "token", 24, 1, OWNER))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.matches(state ->
                        ((ShareLinkState) state).refused().field().equals("contactId")));
        assertThat(secrets.refused).containsExactly("VALIDATION token owner-1");
        assertThat(mailed).isEmpty();
    }

    @Test
    void cannotShareAFieldTheCreatorMayNotRevealAndTheAttemptIsRecorded() {
        secrets.canView = false;
        fixture.givenCurrentTime(T0)
                .when(share("contact-1", "token", 24, 1, VIEWER))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.matches(state ->
                        ((ShareLinkState) state).refused().code() == ErrorCode.FORBIDDEN));
        assertThat(secrets.refused).containsExactly("FORBIDDEN token viewer-1");
    }

    @Test
    void cannotShareBadInputWhichStoresNothing() {
        fixture.givenNoPriorActivity().when(share("contact-1", "token", 49, 1, OWNER)).expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "expiresInHours"));
        fixture.givenNoPriorActivity().when(share("contact-1", "token", 24, 11, OWNER)).expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "maxViews"));
        fixture.givenNoPriorActivity().when(share("contact-1", "tenant", 24, 1, OWNER)).expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "fieldKey"));
        fixture.givenNoPriorActivity().when(share("contact-1", "nope", 24, 1, OWNER)).expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "fieldKey"));
        fixture.givenNoPriorActivity().when(new ShareField(ShareLinkIds.of("x".repeat(43)), new Plaintext(TOKEN),
                        WORKSPACE, SECRET, "token", "contact-1", "client@example.com", "ticket-1", 24, 1, false, OWNER))
                .expectNoEvents().expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "token"));
        fixture.givenNoPriorActivity().when(new ShareField(ID, new Plaintext(TOKEN), WORKSPACE, SECRET, "token",
                        "contact-1", "not-an-address", "ticket-closed", 24, 1, false, OWNER))
                .expectNoEvents().expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "contactEmail"));
        fixture.givenNoPriorActivity().when(new ShareField(ID, new Plaintext(TOKEN), WORKSPACE, SECRET, "token",
                        "contact-1", "client@example.com", "ticket-closed", 24, 1, false, OWNER))
                .expectNoEvents().expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "ticketId"));
        fixture.givenNoPriorActivity().when(new ShareField(ID, new Plaintext(TOKEN), OTHER_WORKSPACE, SECRET,
                        "token", "contact-1", "client@example.com", "ticket-1", 24, 1, false, OWNER))
                .expectNoEvents().expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null));
        assertThat(secrets.refused).isEmpty();
    }

    @Test
    void canBeViewedAsOftenAsItsLimitAndThenShowsNothing() {
        fixture.givenCurrentTime(T0).andGiven(SHARED)
                .when(new ViewSharedField(ID, null))
                .expectEvents(new SharedFieldViewed(ID, WORKSPACE, SECRET, "token", 1, 0, CONTACT))
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.matches(value ->
                        CANARY.equals(((SharedFieldValue) value).value().value())));
        assertThat(secrets.revealedTo).containsExactly(CONTACT);
        fixture.givenCurrentTime(T0).andGiven(SHARED, new SharedFieldViewed(ID, WORKSPACE, SECRET, "token", 1, 0,
                        CONTACT))
                .when(new ViewSharedField(ID, null))
                .expectEvents(refusal(ShareOutcome.NO_VIEWS_LEFT, 0))
                .expectResultMessagePayload(SharedFieldValue.DEAD);
    }

    @Test
    void showsNothingOnceExpired() {
        fixture.givenCurrentTime(T0.plus(Duration.ofHours(24))).andGiven(SHARED)
                .when(new ViewSharedField(ID, null))
                .expectEvents(refusal(ShareOutcome.EXPIRED, 0))
                .expectResultMessagePayload(SharedFieldValue.DEAD);
        fixture.givenCurrentTime(T0.plus(Duration.ofHours(24))).andGiven(SHARED)
                .when(new CheckShareLink(ID)).expectNoEvents().expectResultMessagePayload(LinkCheck.DEAD);
        assertThat(secrets.revealedTo).isEmpty();
    }

    @Test
    void showsNothingOnceTheFieldWasRotatedTheSecretPurgedOrTheCreatorLostAccess() {
        secrets.version = 2;
        fixture.givenCurrentTime(T0).andGiven(SHARED).when(new ViewSharedField(ID, null))
                .expectEvents(refusal(ShareOutcome.FIELD_CHANGED, 0));
        fixture.givenCurrentTime(T0).andGiven(SHARED).when(new CheckShareLink(ID))
                .expectResultMessagePayload(LinkCheck.DEAD);
        secrets.version = 1;
        secrets.canView = false;
        fixture.givenCurrentTime(T0).andGiven(SHARED).when(new ViewSharedField(ID, null))
                .expectEvents(refusal(ShareOutcome.CREATOR_LOST_ACCESS, 0));
        secrets.exists = false;
        fixture.givenCurrentTime(T0).andGiven(SHARED).when(new ViewSharedField(ID, null))
                .expectEvents(refusal(ShareOutcome.SECRET_GONE, 0));
        assertThat(secrets.revealedTo).isEmpty();
    }

    @Test
    void staysDeadWhenTheSecretDeletedAfterItWasMadeIsRestored() {
        secrets.lastDeletedAt = T0.plus(Duration.ofMinutes(5));
        fixture.givenCurrentTime(T0).andGiven(SHARED).andGivenCurrentTime(T0.plus(Duration.ofMinutes(10)))
                .when(new ViewSharedField(ID, null))
                .expectEvents(refusal(ShareOutcome.SECRET_GONE, 0))
                .expectResultMessagePayload(SharedFieldValue.DEAD);
        fixture.givenCurrentTime(T0).andGiven(SHARED).when(new CheckShareLink(ID))
                .expectResultMessagePayload(LinkCheck.DEAD);
        assertThat(secrets.revealedTo).isEmpty();
        // A link made after the restore works: only the deletion before it counts.
        secrets.lastDeletedAt = T0.minus(Duration.ofMinutes(5));
        fixture.givenCurrentTime(T0).andGiven(SHARED).when(new ViewSharedField(ID, null))
                .expectEvents(new SharedFieldViewed(ID, WORKSPACE, SECRET, "token", 1, 0, CONTACT));
    }

    @Test
    void canBeRevokedByItsCreatorOrAManagerOnly() {
        fixture.givenCurrentTime(T0).andGiven(SHARED).when(new RevokeShareLink(ID, WORKSPACE, STRANGER))
                .expectNoEvents().expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null));
        fixture.givenCurrentTime(T0).andGiven(SHARED).when(new RevokeShareLink(ID, OTHER_WORKSPACE, OWNER))
                .expectNoEvents().expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "linkId"));
        fixture.givenCurrentTime(T0).andGiven(SHARED).when(new RevokeShareLink(ID, WORKSPACE, OWNER))
                .expectEvents(new ShareLinkRevoked(ID, WORKSPACE, SECRET, OWNER));
        fixture.givenCurrentTime(T0).andGiven(SHARED, new ShareLinkRevoked(ID, WORKSPACE, SECRET, OWNER))
                .when(new ViewSharedField(ID, null))
                .expectEvents(refusal(ShareOutcome.REVOKED, 0))
                .expectResultMessagePayload(SharedFieldValue.DEAD);
    }

    @Test
    void withACodeRequiredShowsTheValueOnlyAfterTheMailedCode() {
        FieldShared coded = shared(2, true);
        ShareCodeSent sent = new ShareCodeSent(ID, WORKSPACE, SECRET, 1, T0.plus(ShareLink.CODE_LIFETIME), CONTACT);
        fixture.givenCurrentTime(T0).andGiven(coded).when(new ViewSharedField(ID, null))
                .expectNoEvents().expectResultMessagePayload(SharedFieldValue.askCode("Token"));
        fixture.givenCurrentTime(T0).andGiven(coded).when(new SendShareCode(ID))
                .expectEvents(sent);
        assertThat(codes).containsKey(ID + 1);
        fixture.givenCurrentTime(T0).andGiven(coded, sent).when(new ViewSharedField(ID, new Plaintext("000000")))
                .expectEvents(refusal(ShareOutcome.CODE_WRONG, 1))
                .expectResultMessagePayload(SharedFieldValue.askCode("Token"));
        fixture.givenCurrentTime(T0).andGiven(coded, sent).when(new ViewSharedField(ID, new Plaintext("123456")))
                .expectEvents(new SharedFieldViewed(ID, WORKSPACE, SECRET, "token", 1, 1, CONTACT));
        fixture.givenCurrentTime(T0.plus(ShareLink.CODE_LIFETIME)).andGiven(coded, sent)
                .when(new ViewSharedField(ID, new Plaintext("123456")))
                .expectEvents(refusal(ShareOutcome.CODE_WRONG, 1));
    }

    @Test
    void endsAfterFiveWrongCodesAndRecordsABoundedNumberOfRefusals() {
        FieldShared coded = shared(2, true);
        List<Object> history = new ArrayList<>(List.of(coded));
        for (int i = 1; i <= 4; i++) {
            history.add(refusal(ShareOutcome.CODE_WRONG, i));
        }
        fixture.givenCurrentTime(T0).andGiven(history).when(new ViewSharedField(ID, new Plaintext("000000")))
                .expectEvents(refusal(ShareOutcome.CODE_WRONG, 5))
                .expectResultMessagePayload(SharedFieldValue.DEAD);
        history.add(refusal(ShareOutcome.CODE_WRONG, 5));
        fixture.givenCurrentTime(T0).andGiven(history).when(new ViewSharedField(ID, new Plaintext("123456")))
                .expectEvents(refusal(ShareOutcome.TOO_MANY_CODE_FAILURES, 5));
        List<Object> scanned = new ArrayList<>(List.of(SHARED));
        for (int i = 0; i < ShareLink.MAX_REFUSALS_RECORDED; i++) {
            scanned.add(refusal(ShareOutcome.EXPIRED, 0));
        }
        fixture.givenCurrentTime(T0.plus(Duration.ofDays(2))).andGiven(scanned)
                .when(new ViewSharedField(ID, null)).expectNoEvents()
                .expectResultMessagePayload(SharedFieldValue.DEAD);
    }

    private static ShareLinkRefused refusal(ShareOutcome outcome, int failures) {
        return new ShareLinkRefused(ID, WORKSPACE, SECRET, outcome, failures, CONTACT);
    }
}
