package io.secretledger.command.verification;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.verification.ConfirmRevealVerification;
import io.secretledger.api.verification.RequestRevealVerification;
import io.secretledger.api.verification.VerificationFailed;
import io.secretledger.api.verification.VerificationFailure;
import io.secretledger.api.verification.VerificationLockedOut;
import io.secretledger.api.verification.VerificationOutcome;
import io.secretledger.api.verification.VerificationRequest;
import io.secretledger.api.verification.VerificationRequested;
import io.secretledger.api.verification.VerificationSucceeded;
import io.secretledger.command.common.DomainExceptionTranslator;
import io.secretledger.command.support.Fixtures;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static io.secretledger.command.support.Fixtures.OWNER;
import static io.secretledger.command.support.Fixtures.VIEWER;
import static io.secretledger.command.support.Fixtures.WORKSPACE;
import static io.secretledger.command.support.Fixtures.refusedWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.matches;

class VerificationTest {

    private static final String ID = RequestRevealVerification.idOf(WORKSPACE, OWNER.id());
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant EXPIRES = NOW.plus(Duration.ofMinutes(10));

    private final Map<String, CodeStore.StoredCode> stored = new ConcurrentHashMap<>();
    private final List<String> mailbox = new ArrayList<>();
    private VerificationCodes codes;
    private FixtureConfiguration<Verification> fixture;

    @BeforeEach
    void setUp() {
        CodeStore store = new CodeStore() {
            @Override
            public Optional<StoredCode> find(String verificationId) {
                return Optional.ofNullable(stored.get(verificationId));
            }

            @Override
            public void put(StoredCode code) {
                stored.put(code.verificationId(), code);
            }

            @Override
            public void delete(String verificationId) {
                stored.remove(verificationId);
            }
        };
        codes = new VerificationCodes(store, (email, code, expiresAt) -> mailbox.add(email + " " + code.value()),
                Fixtures.keys(), new SecureRandom(), VerificationSettings.defaults());
        fixture = new AggregateTestFixture<>(Verification.class)
                .registerInjectableResource(Fixtures.directory())
                .registerInjectableResource(codes)
                .registerCommandHandlerInterceptor(new DomainExceptionTranslator());
    }

    @Test
    void canRequestACodeThatIsMailedAndKeptOnlyAsAHash() {
        fixture.givenCurrentTime(NOW)
                .when(new RequestRevealVerification(ID, WORKSPACE, "r-1", OWNER))
                .expectEvents(new VerificationRequested(ID, WORKSPACE, OWNER.id(), "r-1", EXPIRES, OWNER))
                .expectResultMessagePayload(new VerificationRequest("r-1", "o***@example.com", EXPIRES));
        assertThat(mailbox).singleElement().asString().matches("owner@example\\.com \\d{6}");
        String code = mailbox.get(0).split(" ")[1];
        assertThat(stored.get(ID).hash()).hasSize(32);
        assertThat(new String(stored.get(ID).hash(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(code);
    }

    @Test
    void canConfirmTheRightCodeOnceAndOpensTheUnlockWindow() {
        String code = issue("r-1");
        fixture.givenCurrentTime(NOW)
                .andGiven(new VerificationRequested(ID, WORKSPACE, OWNER.id(), "r-1", EXPIRES, OWNER))
                .when(new ConfirmRevealVerification(ID, WORKSPACE, new Plaintext(code), OWNER))
                .expectEvents(new VerificationSucceeded(ID, WORKSPACE, OWNER.id(), "r-1",
                        NOW.plus(Duration.ofMinutes(10)), OWNER))
                .expectState(verification -> assertThat(verification.unlockedUntil())
                        .isEqualTo(NOW.plus(Duration.ofMinutes(10))));
        assertThat(stored).doesNotContainKey(ID);
    }

    @Test
    void cannotReuseACode() {
        String code = issue("r-1");
        fixture.givenCurrentTime(NOW)
                .andGiven(new VerificationRequested(ID, WORKSPACE, OWNER.id(), "r-1", EXPIRES, OWNER),
                        new VerificationSucceeded(ID, WORKSPACE, OWNER.id(), "r-1", EXPIRES, OWNER))
                .when(new ConfirmRevealVerification(ID, WORKSPACE, new Plaintext(code), OWNER))
                .expectEvents(new VerificationFailed(ID, WORKSPACE, OWNER.id(), null,
                        VerificationFailure.NO_PENDING_CODE, 1, OWNER))
                .expectResultMessagePayloadMatching(matches(outcome -> outcome instanceof VerificationOutcome o
                        && o.failure() == VerificationFailure.NO_PENDING_CODE && o.attemptsLeft() == 4));
    }

    @Test
    void cannotUseAWrongOrExpiredCode() {
        String code = issue("r-1");
        fixture.givenCurrentTime(NOW)
                .andGiven(new VerificationRequested(ID, WORKSPACE, OWNER.id(), "r-1", EXPIRES, OWNER))
                .when(new ConfirmRevealVerification(ID, WORKSPACE, new Plaintext(wrong(code)), OWNER))
                .expectEvents(new VerificationFailed(ID, WORKSPACE, OWNER.id(), "r-1", VerificationFailure.WRONG_CODE,
                        1, OWNER));
        fixture.givenCurrentTime(EXPIRES)
                .andGiven(new VerificationRequested(ID, WORKSPACE, OWNER.id(), "r-1", EXPIRES, OWNER))
                .when(new ConfirmRevealVerification(ID, WORKSPACE, new Plaintext(code), OWNER))
                .expectEvents(new VerificationFailed(ID, WORKSPACE, OWNER.id(), "r-1", VerificationFailure.EXPIRED_CODE,
                        1, OWNER));
    }

    @Test
    void cannotUseAnotherMembersCode() {
        String viewers = VIEWER.id();
        String otherId = RequestRevealVerification.idOf(WORKSPACE, viewers);
        String code = issue("r-1");
        stored.put(otherId, new CodeStore.StoredCode(otherId, "r-2", stored.get(ID).hash(), EXPIRES));
        fixture.givenCurrentTime(NOW)
                .andGiven(new VerificationRequested(otherId, WORKSPACE, viewers, "r-2", EXPIRES, VIEWER))
                .when(new ConfirmRevealVerification(otherId, WORKSPACE, new Plaintext(code), VIEWER))
                .expectEvents(new VerificationFailed(otherId, WORKSPACE, viewers, "r-2", VerificationFailure.WRONG_CODE,
                        1, VIEWER));
        setUp();
        fixture.givenCurrentTime(NOW)
                .andGiven(new VerificationRequested(ID, WORKSPACE, OWNER.id(), "r-1", EXPIRES, OWNER))
                .when(new ConfirmRevealVerification(ID, WORKSPACE, new Plaintext(code), VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void theFifthWrongCodeLocksOutAndTheLockoutRefusesEvenTheRightCode() {
        String code = issue("r-1");
        VerificationRequested requested = new VerificationRequested(ID, WORKSPACE, OWNER.id(), "r-1", EXPIRES, OWNER);
        Instant until = NOW.plus(Duration.ofMinutes(15));
        fixture.givenCurrentTime(NOW)
                .andGiven(requested, failed(1), failed(2), failed(3), failed(4))
                .when(new ConfirmRevealVerification(ID, WORKSPACE, new Plaintext(wrong(code)), OWNER))
                .expectEvents(failed(5), new VerificationLockedOut(ID, WORKSPACE, OWNER.id(), until, OWNER))
                .expectResultMessagePayloadMatching(matches(outcome -> outcome instanceof VerificationOutcome o
                        && o.attemptsLeft() == 0 && until.equals(o.lockedUntil())));
        fixture.givenCurrentTime(NOW)
                .andGiven(requested, new VerificationLockedOut(ID, WORKSPACE, OWNER.id(), until, OWNER))
                .when(new ConfirmRevealVerification(ID, WORKSPACE, new Plaintext(code), OWNER))
                .expectEvents(new VerificationFailed(ID, WORKSPACE, OWNER.id(), null, VerificationFailure.LOCKED_OUT, 0,
                        OWNER));
        fixture.givenCurrentTime(NOW)
                .andGiven(new VerificationLockedOut(ID, WORKSPACE, OWNER.id(), until, OWNER))
                .when(new RequestRevealVerification(ID, WORKSPACE, "r-3", OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VERIFICATION_FAILED, null))
                .expectNoEvents();
    }

    @Test
    void canRequestAgainAfterTheLockout() {
        Instant until = NOW.plus(Duration.ofMinutes(15));
        fixture.givenCurrentTime(until)
                .andGiven(new VerificationLockedOut(ID, WORKSPACE, OWNER.id(), until, OWNER))
                .when(new RequestRevealVerification(ID, WORKSPACE, "r-4", OWNER))
                .expectEvents(new VerificationRequested(ID, WORKSPACE, OWNER.id(), "r-4",
                        until.plus(Duration.ofMinutes(10)), OWNER));
    }

    @Test
    void cannotVerifyAsAStrangerOrForSomeoneElse() {
        fixture.givenCurrentTime(NOW)
                .when(new RequestRevealVerification(RequestRevealVerification.idOf(WORKSPACE, Fixtures.STRANGER.id()),
                        WORKSPACE, "r-1", Fixtures.STRANGER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
        setUp();
        fixture.givenCurrentTime(NOW)
                .when(new RequestRevealVerification(ID, WORKSPACE, "r-1", VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
        assertThat(mailbox).isEmpty();
    }

    private VerificationFailed failed(int count) {
        return new VerificationFailed(ID, WORKSPACE, OWNER.id(), "r-1", VerificationFailure.WRONG_CODE, count, OWNER);
    }

    /** Issues a code outside any unit of work, as the request handler would, and reads it from the mailbox. */
    private String issue(String requestId) {
        codes.issue(ID, requestId, OWNER.displayName(), EXPIRES);
        return mailbox.remove(mailbox.size() - 1).split(" ")[1];
    }

    private static String wrong(String code) {
        char last = code.charAt(code.length() - 1);
        return code.substring(0, code.length() - 1) + (last == '9' ? '0' : (char) (last + 1));
    }
}
