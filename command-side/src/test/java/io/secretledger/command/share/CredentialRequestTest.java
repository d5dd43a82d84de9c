package io.secretledger.command.share;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.share.CheckCredentialRequest;
import io.secretledger.api.share.CredentialRequested;
import io.secretledger.api.share.CredentialSubmission;
import io.secretledger.api.share.CredentialSubmissionRefused;
import io.secretledger.api.share.CredentialSubmitted;
import io.secretledger.api.share.LinkCheck;
import io.secretledger.api.share.RequestCredential;
import io.secretledger.api.share.ShareLinkState;
import io.secretledger.api.share.ShareOutcome;
import io.secretledger.api.share.SubmitCredential;
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
import java.util.List;
import java.util.Set;

import static io.secretledger.command.share.FakeSecrets.SECRET;
import static io.secretledger.command.share.ShareLinkTest.CONTACT;
import static io.secretledger.command.share.ShareLinkTest.ID;
import static io.secretledger.command.share.ShareLinkTest.T0;
import static io.secretledger.command.share.ShareLinkTest.TOKEN;
import static io.secretledger.command.support.Fixtures.OWNER;
import static io.secretledger.command.support.Fixtures.VIEWER;
import static io.secretledger.command.support.Fixtures.WORKSPACE;
import static io.secretledger.command.support.Fixtures.refusedWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.matches;

class CredentialRequestTest {

    private static final CredentialRequested REQUESTED = new CredentialRequested(ID, WORKSPACE, SECRET, "token",
            "Token", "contact-1", "client@example.com", "ticket-1", T0.plus(Duration.ofHours(24)), OWNER);

    private FixtureConfiguration<CredentialRequest> fixture;
    private FakeSecrets secrets;
    private final List<String> mailed = new ArrayList<>();

    @BeforeEach
    void setUp() {
        secrets = new FakeSecrets();
        Fixtures.Directory directory = Fixtures.directory();
        Fixtures.Tickets tickets = new Fixtures.Tickets()
                .with(new TicketState("ticket-1", WORKSPACE, Set.of("contact-1"), Set.of(OWNER.id())));
        ShareMail mail = new ShareMail() {
            @Override
            public void shareLink(String to, String secretName, String fieldLabel, Plaintext token, Instant expiresAt,
                                  boolean codeRequired) {
            }

            @Override
            public void credentialRequest(String to, String secretName, String fieldLabel, Plaintext token,
                                          Instant expiresAt) {
                mailed.add("request " + to + " " + token.value());
            }

            @Override
            public void credentialReceived(String to, String secretId, String fieldKey, String contactId,
                                           int version) {
                mailed.add("received " + to + " " + fieldKey + " " + contactId + " " + version);
            }
        };
        fixture = new AggregateTestFixture<>(CredentialRequest.class)
                .registerInjectableResource(directory)
                .registerInjectableResource(secrets)
                .registerInjectableResource(mail);
        fixture.registerAnnotatedCommandHandler(new Links(null, fixture.getRepository(), directory, tickets, secrets,
                mail));
        fixture.registerCommandHandlerInterceptor(new DomainExceptionTranslator());
    }

    private static RequestCredential request(String contactId, int hours, Actor actor) {
        return new RequestCredential(ID, new Plaintext(TOKEN), WORKSPACE, SECRET, "token", contactId,
                "client@example.com", "ticket-1", hours, actor);
    }

    @Test
    void canAskARelatedContactForAValueByAMailedLink() {
        fixture.givenCurrentTime(T0).when(request("contact-1", 24, OWNER))
                .expectEvents(REQUESTED)
                .expectResultMessagePayloadMatching(matches(state -> ID.equals(((ShareLinkState) state).linkId())));
        assertThat(mailed).containsExactly("request client@example.com " + TOKEN);
    }

    @Test
    void cannotAskAContactNotRelatedOrForASecretTheMemberMayNotChange() {
        fixture.givenCurrentTime(T0).when(request("contact-9", 24, OWNER)).expectNoEvents()
                .expectResultMessagePayloadMatching(matches(state ->
                        "contactId".equals(((ShareLinkState) state).refused().field())));
        secrets.canModify = false;
        fixture.givenCurrentTime(T0).when(request("contact-1", 24, VIEWER)).expectNoEvents()
                .expectResultMessagePayloadMatching(matches(state ->
                        ((ShareLinkState) state).refused().code() == ErrorCode.FORBIDDEN));
        assertThat(secrets.refused).containsExactly("VALIDATION token owner-1", "FORBIDDEN token viewer-1");
        fixture.givenCurrentTime(T0).when(request("contact-1", 73, OWNER)).expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "expiresInHours"));
        assertThat(mailed).isEmpty();
    }

    @Test
    void storesTheContactsValueOnceAsANewVersionAndTellsTheMember() {
        fixture.givenCurrentTime(T0).andGiven(REQUESTED).when(new CheckCredentialRequest(ID))
                .expectNoEvents().expectResultMessagePayload(new LinkCheck(true, false, "Token"));
        fixture.givenCurrentTime(T0).andGiven(REQUESTED).when(new SubmitCredential(ID, new Plaintext("sk_new")))
                .expectEvents(new CredentialSubmitted(ID, WORKSPACE, SECRET, "token", 2, OWNER.id(), CONTACT))
                .expectResultMessagePayload(new CredentialSubmission(true, null));
        assertThat(secrets.stored).containsExactly("CONTACT:contact-1");
        assertThat(mailed).containsExactly("received owner@example.com token contact-1 2");
        CredentialSubmitted submitted = new CredentialSubmitted(ID, WORKSPACE, SECRET, "token", 2, OWNER.id(),
                CONTACT);
        fixture.givenCurrentTime(T0).andGiven(REQUESTED, submitted).when(new SubmitCredential(ID,
                        new Plaintext("again")))
                .expectEvents(refusal(ShareOutcome.USED, null, null))
                .expectResultMessagePayload(new CredentialSubmission(false, null));
        fixture.givenCurrentTime(T0).andGiven(REQUESTED, submitted).when(new CheckCredentialRequest(ID))
                .expectResultMessagePayload(LinkCheck.DEAD);
        assertThat(secrets.stored).hasSize(1);
    }

    @Test
    void refusesAValueOverTheSizeLimitAndStoresNothing() {
        fixture.givenCurrentTime(T0).andGiven(REQUESTED)
                .when(new SubmitCredential(ID, new Plaintext("x".repeat(4097))))
                .expectEvents(refusal(ShareOutcome.VALUE_REFUSED, ErrorCode.VALIDATION, "values.token"))
                .expectResultMessagePayloadMatching(matches(result ->
                        ((CredentialSubmission) result).refused().field().equals("values.token")));
        assertThat(secrets.stored).isEmpty();
    }

    @Test
    void anExpiredRequestOrOneForAGoneSecretTakesNothing() {
        fixture.givenCurrentTime(T0.plus(Duration.ofHours(24))).andGiven(REQUESTED)
                .when(new SubmitCredential(ID, new Plaintext("sk_new")))
                .expectEvents(refusal(ShareOutcome.EXPIRED, null, null));
        secrets.exists = false;
        fixture.givenCurrentTime(T0).andGiven(REQUESTED).when(new SubmitCredential(ID, new Plaintext("sk_new")))
                .expectEvents(refusal(ShareOutcome.SECRET_GONE, null, null));
        secrets.exists = true;
        secrets.canModify = false;
        fixture.givenCurrentTime(T0).andGiven(REQUESTED).when(new SubmitCredential(ID, new Plaintext("sk_new")))
                .expectEvents(refusal(ShareOutcome.CREATOR_LOST_ACCESS, null, null));
        assertThat(secrets.stored).isEmpty();
        assertThat(mailed).isEmpty();
    }

    @Test
    void oneMadeBeforeTheSecretWasDeletedTakesNothingAfterARestore() {
        secrets.lastDeletedAt = T0.plus(Duration.ofMinutes(5));
        fixture.givenCurrentTime(T0).andGiven(REQUESTED).andGivenCurrentTime(T0.plus(Duration.ofMinutes(10)))
                .when(new SubmitCredential(ID, new Plaintext("sk_new")))
                .expectEvents(refusal(ShareOutcome.SECRET_GONE, null, null));
        fixture.givenCurrentTime(T0).andGiven(REQUESTED).when(new CheckCredentialRequest(ID))
                .expectNoEvents().expectResultMessagePayload(LinkCheck.DEAD);
        assertThat(secrets.stored).isEmpty();
    }

    private static CredentialSubmissionRefused refusal(ShareOutcome outcome, ErrorCode code, String field) {
        return new CredentialSubmissionRefused(ID, WORKSPACE, SECRET, "token", outcome, code, field, CONTACT);
    }
}
