package io.secretledger.command.reminder;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.reminder.ChangeReminderDefaults;
import io.secretledger.api.reminder.ChangeSecretReminders;
import io.secretledger.api.reminder.ExpiryReminderDue;
import io.secretledger.api.reminder.MarkSecretRotated;
import io.secretledger.api.reminder.ReminderDefaultsChanged;
import io.secretledger.api.reminder.ReminderDigestSent;
import io.secretledger.api.reminder.ReminderSettings;
import io.secretledger.api.reminder.RotationMarked;
import io.secretledger.api.reminder.SecretExpiryChange;
import io.secretledger.api.reminder.SecretExpiryTracked;
import io.secretledger.api.reminder.SecretRemindersChanged;
import io.secretledger.api.reminder.SecretRotationMarked;
import io.secretledger.api.reminder.TrackSecretExpiry;
import io.secretledger.command.common.DomainExceptionTranslator;
import io.secretledger.command.support.Fixtures;
import io.secretledger.command.workspace.WorkspaceMembers;
import io.secretledger.policy.Member;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static io.secretledger.command.support.Fixtures.OWNER;
import static io.secretledger.command.support.Fixtures.VIEWER;
import static io.secretledger.command.support.Fixtures.WORKSPACE;
import static io.secretledger.command.support.Fixtures.refusedWith;
import static org.assertj.core.api.Assertions.assertThat;

class ExpiryRemindersTest {

    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    private static final Duration DIGEST_DELAY = Duration.ofMinutes(1);
    private static final String PAYMENT = "secret-payment";
    private static final String VPN = "secret-vpn";

    private FixtureConfiguration<ExpiryReminders> fixture;
    private final Map<String, SecretReach.Reach> secrets = new HashMap<>();
    private final List<String> mails = new ArrayList<>();

    @BeforeEach
    void setUp() {
        secrets.put(PAYMENT, new SecretReach.Reach("payment-api-key", Set.of(OWNER.id(), VIEWER.id()), Set.of(OWNER.id())));
        secrets.put(VPN, new SecretReach.Reach("vpn-psk", Set.of(OWNER.id()), Set.of(OWNER.id())));
        SecretReach reach = (Reach) this::reach;
        WorkspaceMembers members = workspaceId -> List.of(
                new Member(OWNER.id(), "owner@example.com", null, null, Set.of()),
                new Member(VIEWER.id(), "viewer@example.com", null, null, Set.of()));
        ReminderMail mail = (email, key, lines) -> mails.add(email + " " + key + " " + lines);
        fixture = new AggregateTestFixture<>(ExpiryReminders.class)
                .registerInjectableResource(Fixtures.directory())
                .registerInjectableResource(reach)
                .registerInjectableResource(members)
                .registerInjectableResource(mail)
                .registerInjectableResource(new ReminderTiming(DIGEST_DELAY))
                .registerCommandHandlerInterceptor(new DomainExceptionTranslator());
    }

    interface Reach extends SecretReach {
    }

    private Optional<SecretReach.Reach> reach(String workspaceId, String secretId, Collection<String> memberIds) {
        SecretReach.Reach secret = WORKSPACE.equals(workspaceId) ? secrets.get(secretId) : null;
        if (secret == null) {
            return Optional.empty();
        }
        return Optional.of(new SecretReach.Reach(secret.name(), keep(secret.viewers(), memberIds),
                keep(secret.modifiers(), memberIds)));
    }

    private static Set<String> keep(Set<String> ids, Collection<String> asked) {
        Set<String> kept = new TreeSet<>(ids);
        kept.retainAll(asked);
        return kept;
    }

    /** The payment key's reminder fell due and went out in digest 1; it stays open until marked rotated. */
    private TestExecutor<ExpiryReminders> paymentRemindedInTheFirstDigest(Instant expiry) {
        return fixture.givenCurrentTime(NOW)
                .andGivenCommands(new ChangeReminderDefaults(WORKSPACE, List.of(7), OWNER))
                .andGiven(new SecretExpiryTracked(PAYMENT, WORKSPACE, 0, SecretExpiryChange.CREATED, expiry,
                                Actor.SYSTEM),
                        new ExpiryReminderDue(PAYMENT, WORKSPACE, "payment-api-key", expiry, 7, List.of(7), 1,
                                Actor.SYSTEM),
                        new ReminderDigestSent(WORKSPACE, 1, List.of(), Actor.SYSTEM));
    }

    private static TrackSecretExpiry created(String secretId, Instant expiresAt) {
        return new TrackSecretExpiry(WORKSPACE, secretId, 0, SecretExpiryChange.CREATED, expiresAt);
    }

    // --- lead times ---

    @Test
    void canSetTheWorkspaceDefaultsAsAnOwnerLongestFirstAndThousandsOfDaysAllowed() {
        fixture.givenNoPriorActivity()
                .when(new ChangeReminderDefaults(WORKSPACE, List.of(1, 3650, 0, 7, 7), OWNER))
                .expectEvents(new ReminderDefaultsChanged(WORKSPACE, List.of(3650, 7, 1, 0), OWNER))
                .expectResultMessagePayload(new ReminderSettings(List.of(3650, 7, 1, 0), true));
    }

    @Test
    void cannotSetANegativeLeadTime() {
        fixture.givenNoPriorActivity()
                .when(new ChangeReminderDefaults(WORKSPACE, List.of(7, -1), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "leadDays"))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new ChangeSecretReminders(WORKSPACE, PAYMENT, List.of(-30), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "leadDays"))
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void cannotSetTooManyLeadTimesOrNone() {
        fixture.givenNoPriorActivity()
                .when(new ChangeReminderDefaults(WORKSPACE, List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "leadDays"))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new ChangeReminderDefaults(WORKSPACE, null, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "leadDays"))
                .expectNoEvents();
    }

    @Test
    void cannotSetTheDefaultsWithoutBeingAnOwner() {
        fixture.givenNoPriorActivity()
                .when(new ChangeReminderDefaults(WORKSPACE, List.of(7), VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void canOverrideOneSecretAndGoBackToTheDefaults() {
        fixture.givenCommands(new ChangeReminderDefaults(WORKSPACE, List.of(30), OWNER))
                .when(new ChangeSecretReminders(WORKSPACE, PAYMENT, List.of(400, 90), OWNER))
                .expectEvents(new SecretRemindersChanged(PAYMENT, WORKSPACE, List.of(400, 90), OWNER))
                .expectResultMessagePayload(new ReminderSettings(List.of(400, 90), false));
        fixture.givenCommands(new ChangeReminderDefaults(WORKSPACE, List.of(30), OWNER),
                        new ChangeSecretReminders(WORKSPACE, PAYMENT, List.of(400, 90), OWNER))
                .when(new ChangeSecretReminders(WORKSPACE, PAYMENT, null, OWNER))
                .expectEvents(new SecretRemindersChanged(PAYMENT, WORKSPACE, null, OWNER))
                .expectResultMessagePayload(new ReminderSettings(List.of(30), true));
    }

    @Test
    void cannotOverrideASecretOneMayNotChangeOrThatIsNotThere() {
        fixture.givenNoPriorActivity()
                .when(new ChangeSecretReminders(WORKSPACE, PAYMENT, List.of(7), VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new ChangeSecretReminders(WORKSPACE, "no-such-secret", List.of(7), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "secretId"))
                .expectNoEvents();
    }

    // --- deadlines ---

    @Test
    void canPlanTheNextReminderOfATrackedExpiry() {
        Instant expiry = NOW.plus(Duration.ofDays(60));
        fixture.givenCurrentTime(NOW)
                .andGivenCommands(new ChangeReminderDefaults(WORKSPACE, List.of(30, 7, 1), OWNER))
                .when(created(PAYMENT, expiry))
                .expectEvents(new SecretExpiryTracked(PAYMENT, WORKSPACE, 0, SecretExpiryChange.CREATED, expiry,
                        Actor.SYSTEM))
                .expectScheduledDeadline(Duration.ofDays(30), new ReminderDue(PAYMENT, expiry));
    }

    @Test
    void canPlanAnOverrideOfThousandsOfDays() {
        Instant expiry = NOW.plus(Duration.ofDays(5000));
        fixture.givenCurrentTime(NOW)
                .andGivenCommands(new ChangeReminderDefaults(WORKSPACE, List.of(1), OWNER), created(PAYMENT, expiry))
                .when(new ChangeSecretReminders(WORKSPACE, PAYMENT, List.of(4000), OWNER))
                .expectScheduledDeadline(Duration.ofDays(1000), new ReminderDue(PAYMENT, expiry));
    }

    @Test
    void cannotTrackAnOlderEventOfASecretTwice() {
        Instant expiry = NOW.plus(Duration.ofDays(60));
        fixture.givenCurrentTime(NOW)
                .andGivenCommands(new ChangeReminderDefaults(WORKSPACE, List.of(30), OWNER), created(PAYMENT, expiry),
                        new TrackSecretExpiry(WORKSPACE, PAYMENT, 3, SecretExpiryChange.EXPIRY_CHANGED,
                                expiry.plus(Duration.ofDays(10))))
                .when(created(PAYMENT, expiry))
                .expectNoEvents()
                .expectScheduledDeadline(Duration.ofDays(40), new ReminderDue(PAYMENT, expiry.plus(Duration.ofDays(10))));
    }

    @Test
    void canIgnoreADeletionOfASecretWithoutExpiryOnceTheRemindersExist() {
        fixture.givenCommands(new ChangeReminderDefaults(WORKSPACE, List.of(7), OWNER))
                .when(new TrackSecretExpiry(WORKSPACE, PAYMENT, 4, SecretExpiryChange.DELETED, null))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new TrackSecretExpiry(WORKSPACE, PAYMENT, 4, SecretExpiryChange.DELETED, null))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "secretId"))
                .expectNoEvents();
    }

    @Test
    void aChangedExpiryReplans() {
        Instant expiry = NOW.plus(Duration.ofDays(60));
        Instant later = NOW.plus(Duration.ofDays(90));
        fixture.givenCurrentTime(NOW)
                .andGivenCommands(new ChangeReminderDefaults(WORKSPACE, List.of(30), OWNER), created(PAYMENT, expiry))
                .when(new TrackSecretExpiry(WORKSPACE, PAYMENT, 1, SecretExpiryChange.EXPIRY_CHANGED, later))
                .expectScheduledDeadline(Duration.ofDays(60), new ReminderDue(PAYMENT, later))
                .expectNoScheduledDeadline(Duration.ofDays(30), new ReminderDue(PAYMENT, expiry));
    }

    @Test
    void aDeletionCancelsTheReminders() {
        Instant expiry = NOW.plus(Duration.ofDays(60));
        fixture.givenCurrentTime(NOW)
                .andGivenCommands(new ChangeReminderDefaults(WORKSPACE, List.of(30), OWNER), created(PAYMENT, expiry))
                .when(new TrackSecretExpiry(WORKSPACE, PAYMENT, 1, SecretExpiryChange.DELETED, null))
                .expectNoScheduledDeadlines();
    }

    @Test
    void canLetLeadTimesThatPassedAlreadyFallDueTogetherAndGatherThemInADigest() {
        Instant expiry = NOW.plus(Duration.ofDays(3));
        fixture.givenCurrentTime(NOW)
                .andGivenCommands(new ChangeReminderDefaults(WORKSPACE, List.of(30, 7, 1), OWNER),
                        created(PAYMENT, expiry))
                .whenTimeElapses(Duration.ofSeconds(1))
                .expectEvents(new ExpiryReminderDue(PAYMENT, WORKSPACE, "payment-api-key", expiry, 7, List.of(30, 7),
                        1, Actor.SYSTEM))
                .expectScheduledDeadline(DIGEST_DELAY.minusSeconds(1), new DigestDue(1))
                .expectScheduledDeadline(Duration.ofDays(2).minusSeconds(1), new ReminderDue(PAYMENT, expiry));
    }

    @Test
    void canMailOneDigestPerMemberListingWhatEachReaches() {
        Instant soon = NOW.plus(Duration.ofDays(3));
        Instant later = NOW.plus(Duration.ofDays(5));
        fixture.givenCurrentTime(NOW)
                .andGivenCommands(new ChangeReminderDefaults(WORKSPACE, List.of(7), OWNER), created(PAYMENT, soon),
                        created(VPN, later))
                .whenTimeElapses(DIGEST_DELAY.plusSeconds(1))
                .expectEvents(
                        new ExpiryReminderDue(PAYMENT, WORKSPACE, "payment-api-key", soon, 7, List.of(7), 1, Actor.SYSTEM),
                        new ExpiryReminderDue(VPN, WORKSPACE, "vpn-psk", later, 7, List.of(7), 1, Actor.SYSTEM),
                        new ReminderDigestSent(WORKSPACE, 1, List.of(
                                new ReminderDigestSent.Recipient(OWNER.id(), List.of(
                                        new ReminderDigestSent.Line(PAYMENT, "payment-api-key", soon),
                                        new ReminderDigestSent.Line(VPN, "vpn-psk", later))),
                                new ReminderDigestSent.Recipient(VIEWER.id(), List.of(
                                        new ReminderDigestSent.Line(PAYMENT, "payment-api-key", soon)))),
                                Actor.SYSTEM));
        assertThat(mails).hasSize(2);
        assertThat(mails.get(0)).startsWith("owner@example.com").contains("payment-api-key", "vpn-psk");
        assertThat(mails.get(1)).startsWith("viewer@example.com").contains("payment-api-key")
                .doesNotContain("vpn-psk");
    }

    @Test
    void cannotMailADigestTwiceWhenItsDeadlineFiresTwice() {
        fixture.registerDeadlineHandlerInterceptor((unitOfWork, chain) -> {
            chain.proceed();
            return chain.proceed();
        });
        Instant soon = NOW.plus(Duration.ofDays(3));
        fixture.givenCurrentTime(NOW)
                .andGivenCommands(new ChangeReminderDefaults(WORKSPACE, List.of(7), OWNER), created(PAYMENT, soon))
                .whenTimeElapses(DIGEST_DELAY.plusSeconds(1))
                .expectEvents(
                        new ExpiryReminderDue(PAYMENT, WORKSPACE, "payment-api-key", soon, 7, List.of(7), 1, Actor.SYSTEM),
                        new ReminderDigestSent(WORKSPACE, 1, List.of(
                                new ReminderDigestSent.Recipient(OWNER.id(), List.of(
                                        new ReminderDigestSent.Line(PAYMENT, "payment-api-key", soon))),
                                new ReminderDigestSent.Recipient(VIEWER.id(), List.of(
                                        new ReminderDigestSent.Line(PAYMENT, "payment-api-key", soon)))),
                                Actor.SYSTEM));
        assertThat(mails).hasSize(2);
    }

    @Test
    void canMarkASecretRotated() {
        Instant soon = NOW.plus(Duration.ofDays(3));
        fixture.givenCurrentTime(NOW)
                .andGivenCommands(new ChangeReminderDefaults(WORKSPACE, List.of(7, 1), OWNER), created(PAYMENT, soon))
                .when(new MarkSecretRotated(WORKSPACE, PAYMENT, null, OWNER))
                .expectEvents(new SecretRotationMarked(PAYMENT, WORKSPACE, soon, null, OWNER))
                .expectResultMessagePayload(new RotationMarked(PAYMENT, soon))
                .expectNoScheduledDeadlines();
    }

    @Test
    void canMarkASecretRotatedSoThatItsPendingReminderNeverFallsDue() {
        Instant soon = NOW.plus(Duration.ofDays(3));
        fixture.givenCurrentTime(NOW)
                .andGivenCommands(new ChangeReminderDefaults(WORKSPACE, List.of(7, 1), OWNER), created(PAYMENT, soon),
                        created(VPN, soon), new MarkSecretRotated(WORKSPACE, PAYMENT, null, OWNER))
                .whenTimeElapses(DIGEST_DELAY.plusSeconds(1))
                .expectEvents(new ExpiryReminderDue(VPN, WORKSPACE, "vpn-psk", soon, 7, List.of(7), 1, Actor.SYSTEM),
                        new ReminderDigestSent(WORKSPACE, 1, List.of(new ReminderDigestSent.Recipient(OWNER.id(),
                                List.of(new ReminderDigestSent.Line(VPN, "vpn-psk", soon)))), Actor.SYSTEM));
        assertThat(mails).hasSize(1).allMatch(mail -> !mail.contains("payment-api-key"));
    }

    @Test
    void cannotMailAReminderAgainOnceTheSecretIsMarkedRotated() {
        Instant soon = NOW.plus(Duration.ofDays(3));
        paymentRemindedInTheFirstDigest(soon)
                .andGivenCommands(new MarkSecretRotated(WORKSPACE, PAYMENT, null, OWNER), created(VPN, soon))
                .whenTimeElapses(DIGEST_DELAY.plusSeconds(1))
                .expectEvents(new ExpiryReminderDue(VPN, WORKSPACE, "vpn-psk", soon, 7, List.of(7), 2, Actor.SYSTEM),
                        new ReminderDigestSent(WORKSPACE, 2, List.of(new ReminderDigestSent.Recipient(OWNER.id(),
                                List.of(new ReminderDigestSent.Line(VPN, "vpn-psk", soon)))), Actor.SYSTEM));
        assertThat(mails).hasSize(1).allMatch(mail -> !mail.contains("payment-api-key"));
    }

    @Test
    void canListAnEarlierReminderNotRotatedYetInTheNextDigest() {
        Instant soon = NOW.plus(Duration.ofDays(3));
        paymentRemindedInTheFirstDigest(soon)
                .andGivenCommands(created(VPN, soon))
                .whenTimeElapses(DIGEST_DELAY.plusSeconds(1))
                .expectEvents(new ExpiryReminderDue(VPN, WORKSPACE, "vpn-psk", soon, 7, List.of(7), 2, Actor.SYSTEM),
                        new ReminderDigestSent(WORKSPACE, 2, List.of(new ReminderDigestSent.Recipient(OWNER.id(),
                                List.of(new ReminderDigestSent.Line(PAYMENT, "payment-api-key", soon),
                                        new ReminderDigestSent.Line(VPN, "vpn-psk", soon)))), Actor.SYSTEM));
        assertThat(mails).hasSize(1);
    }

    @Test
    void cannotLetAReminderFallDueTwiceWhenItsDeadlineFiresTwice() {
        fixture.registerDeadlineHandlerInterceptor((unitOfWork, chain) -> {
            chain.proceed();
            return chain.proceed();
        });
        Instant soon = NOW.plus(Duration.ofDays(3));
        fixture.givenCurrentTime(NOW)
                .andGivenCommands(new ChangeReminderDefaults(WORKSPACE, List.of(7), OWNER), created(PAYMENT, soon))
                .whenTimeElapses(Duration.ofSeconds(1))
                .expectEvents(new ExpiryReminderDue(PAYMENT, WORKSPACE, "payment-api-key", soon, 7, List.of(7), 1,
                        Actor.SYSTEM));
    }

    @Test
    void cannotMarkRotatedWithoutMayChangingTheSecretOrWithAPastExpiry() {
        fixture.givenCurrentTime(NOW)
                .when(new MarkSecretRotated(WORKSPACE, PAYMENT, null, VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
        fixture.givenCurrentTime(NOW)
                .when(new MarkSecretRotated(WORKSPACE, PAYMENT, NOW.minusSeconds(1), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "newExpiresAt"))
                .expectNoEvents();
    }

    @Test
    void aReminderOfAnExpirySinceChangedDoesNothing() {
        Instant soon = NOW.plus(Duration.ofDays(3));
        fixture.givenCurrentTime(NOW)
                .andGivenCommands(new ChangeReminderDefaults(WORKSPACE, List.of(7), OWNER), created(PAYMENT, soon),
                        new TrackSecretExpiry(WORKSPACE, PAYMENT, 1, SecretExpiryChange.EXPIRY_CHANGED, null))
                .whenTimeElapses(DIGEST_DELAY.plusSeconds(1))
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }
}
