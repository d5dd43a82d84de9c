package io.secretledger.command.webhook;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.integration.EgressRule;
import io.secretledger.api.secret.EncryptedValue;
import io.secretledger.api.webhook.ChangeWebhook;
import io.secretledger.api.webhook.DeleteWebhook;
import io.secretledger.api.webhook.DeliveryOutcome;
import io.secretledger.api.webhook.DispatchWebhookEvent;
import io.secretledger.api.webhook.RecordWebhookDelivery;
import io.secretledger.api.webhook.RegisterWebhook;
import io.secretledger.api.webhook.RotateWebhookSecret;
import io.secretledger.api.webhook.WebhookAttemptDue;
import io.secretledger.api.webhook.WebhookChanged;
import io.secretledger.api.webhook.WebhookDeleted;
import io.secretledger.api.webhook.WebhookDeliveryRecorded;
import io.secretledger.api.webhook.WebhookRegistered;
import io.secretledger.api.webhook.WebhookScope;
import io.secretledger.api.webhook.WebhookSecret;
import io.secretledger.api.webhook.WebhookSecretRotated;
import io.secretledger.api.webhook.WebhookState;
import io.secretledger.command.common.DomainExceptionTranslator;
import io.secretledger.command.crypto.KeyHierarchy;
import io.secretledger.command.support.Fixtures;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static io.secretledger.command.support.Fixtures.OWNER;
import static io.secretledger.command.support.Fixtures.VIEWER;
import static io.secretledger.command.support.Fixtures.WORKSPACE;
import static io.secretledger.command.support.Fixtures.refusedWith;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 21: signed webhooks on change, one aggregate per workspace (docs/adr/0027). */
class WebhooksTest {

    private static final String HOOKS = WebhookScope.idOf(WORKSPACE);
    private static final String HOOK = "hook-1";
    private static final String URL = "https://hooks.example/secretledger";
    private static final EncryptedValue SEALED = new EncryptedValue("dk1", new byte[12], new byte[48]);
    private static final WebhookRegistered REGISTERED = new WebhookRegistered(HOOKS, WORKSPACE, HOOK, URL,
            List.of("secret.created", "secret.edited"), SEALED, 1, OWNER);
    private static final String EVENT = "event-1";
    private static final String DELIVERY = WebhookScope.deliveryIdOf(HOOK, EVENT);
    private static final String BODY = "{\"type\":\"secret.created\"}";
    private static final WebhookAttemptDue FIRST = due(1);

    private FixtureConfiguration<Webhooks> fixture;
    private KeyHierarchy keys;
    private WebhookSecrets secrets;

    @BeforeEach
    void setUp() {
        Fixtures.Directory directory = Fixtures.directory();
        directory.put(WORKSPACE, List.of(new EgressRule("https", "hooks.example", 443, false),
                new EgressRule("https", "inside.example", 443, false)));
        keys = Fixtures.keys();
        secrets = new WebhookSecrets(Fixtures.cipher(keys), keys, new Fixtures.CountingRandom());
        fixture = new AggregateTestFixture<>(Webhooks.class)
                .registerInjectableResource(directory)
                .registerInjectableResource(new WebhookDestinations(directory, WebhooksTest::resolve))
                .registerInjectableResource(secrets)
                .registerInjectableResource(new WebhookTiming(List.of(Duration.ofSeconds(30), Duration.ofMinutes(2)),
                        Duration.ofSeconds(5)))
                .registerCommandHandlerInterceptor(new DomainExceptionTranslator());
    }

    private static List<InetAddress> resolve(String host) throws UnknownHostException {
        return switch (host) {
            case "hooks.example" -> List.of(InetAddress.getByAddress(host, new byte[] {(byte) 203, 0, 113, 10}));
            case "inside.example" -> List.of(InetAddress.getByAddress(host, new byte[] {10, 0, 0, 5}));
            default -> throw new UnknownHostException(host);
        };
    }

    private static WebhookAttemptDue due(int attempt) {
        return new WebhookAttemptDue(HOOKS, WORKSPACE, HOOK, DELIVERY, EVENT, "secret.created", attempt, URL, BODY,
                SEALED, 1);
    }

    private static RegisterWebhook register(String url, List<String> types) {
        return new RegisterWebhook(HOOKS, WORKSPACE, HOOK, url, types, OWNER);
    }

    @Test
    void canRegisterAnAllowedDestinationAndShowItsSigningSecretOnceSealedInTheEvent() {
        fixture.givenNoPriorActivity()
                .when(register(" " + URL + " ", List.of("secret.created", "secret.edited", "secret.created")))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayloadMatching(Matchers.matches((WebhookSecret result) ->
                        result.webhookId().equals(HOOK) && result.url().equals(URL) && result.enabled()
                                && result.eventTypes().equals(List.of("secret.created", "secret.edited"))
                                && result.signingSecret().value().startsWith("whsec_")
                                && Base64.getDecoder().decode(result.signingSecret().value().substring(6)).length == 32))
                .expectEventsMatching(Matchers.exactSequenceOf(Matchers.messageWithPayload(Matchers.matches(
                        (WebhookRegistered event) -> event.webhookId().equals(HOOK) && event.url().equals(URL)
                                && event.secretVersion() == 1 && event.eventTypes().size() == 2
                                && !new String(event.signingSecret().ciphertext(), StandardCharsets.ISO_8859_1)
                                .contains("whsec_"))), Matchers.andNoMore()));
    }

    @Test
    void theSealedSecretOpensToTheKeyShownAndNotAfterTheWebhookIsShredded() {
        WebhookSecrets.Issued issued = secrets.issue(WORKSPACE, HOOK, 1);
        byte[] key = secrets.signingKey(WORKSPACE, HOOK, 1, issued.sealed());
        assertThat(Base64.getEncoder().encodeToString(key)).isEqualTo(issued.shown().value().substring(6));
        assertThat(issued.shown().toString()).doesNotContain("whsec_");
        secrets.shred(WORKSPACE, HOOK, Instant.now());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> secrets.signingKey(WORKSPACE, HOOK, 1,
                issued.sealed())).isInstanceOf(io.secretledger.command.common.DomainException.class);
    }

    @Test
    void cannotRegisterADestinationOutsideTheAllowlistOrAtAPrivateAddress() {
        for (String url : List.of("https://elsewhere.example/hook", "https://hooks.example:8443/hook",
                "http://hooks.example/hook", "https://inside.example/hook")) {
            fixture.givenNoPriorActivity()
                    .when(register(url, List.of("secret.created")))
                    .expectExceptionDetails(refusedWith(ErrorCode.EGRESS_DENIED, "url"))
                    .expectNoEvents();
        }
        for (String url : List.of("ftp://hooks.example/x", "not a url", "https://user:pw@hooks.example/")) {
            fixture.givenNoPriorActivity()
                    .when(register(url, List.of("secret.created")))
                    .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "url"))
                    .expectNoEvents();
        }
    }

    @Test
    void cannotRegisterWithoutKnownEventTypesOrUnlessAnOwner() {
        fixture.givenNoPriorActivity()
                .when(register(URL, List.of("secret.created", "secret.peeked")))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "eventTypes[1]"))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(register(URL, List.of()))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "eventTypes"))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new RegisterWebhook(HOOKS, WORKSPACE, HOOK, URL, List.of("secret.created"), VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
        fixture.given(REGISTERED)
                .when(register(URL, List.of("secret.created")))
                .expectExceptionDetails(refusedWith(ErrorCode.CONFLICT, "id"))
                .expectNoEvents();
    }

    @Test
    void cannotRegisterInAnotherWorkspacesWebhooks() {
        fixture.givenNoPriorActivity()
                .when(new RegisterWebhook(HOOKS, Fixtures.OTHER_WORKSPACE, HOOK, URL, List.of("secret.created"),
                        OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "id"))
                .expectNoEvents();
        fixture.given(REGISTERED)
                .when(new ChangeWebhook(HOOKS, Fixtures.OTHER_WORKSPACE, HOOK, null, false, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "id"))
                .expectNoEvents();
    }

    @Test
    void canDispatchAChangeOnceToEachEnabledWebhookFollowingItsType() {
        WebhookRegistered other = new WebhookRegistered(HOOKS, WORKSPACE, "hook-2", URL, List.of("member.added"),
                SEALED, 1, OWNER);
        WebhookRegistered disabled = new WebhookRegistered(HOOKS, WORKSPACE, "hook-3", URL,
                List.of("secret.created"), SEALED, 1, OWNER);
        fixture.given(REGISTERED, other, disabled,
                        new WebhookChanged(HOOKS, WORKSPACE, "hook-3", List.of("secret.created"), false, OWNER))
                .when(new DispatchWebhookEvent(HOOKS, WORKSPACE, EVENT, "secret.created", BODY))
                .expectEvents(FIRST)
                .expectResultMessagePayload(1);
        fixture.given(REGISTERED, FIRST)
                .when(new DispatchWebhookEvent(HOOKS, WORKSPACE, EVENT, "secret.created", BODY))
                .expectNoEvents();
        fixture.given(REGISTERED, FIRST, recorded(1, DeliveryOutcome.DELIVERED, 204, null, null))
                .when(new DispatchWebhookEvent(HOOKS, WORKSPACE, EVENT, "secret.created", BODY))
                .expectNoEvents();
    }

    @Test
    void canRecordADeliveryOnceAndIgnoreARepeatedOrStaleReport() {
        fixture.given(REGISTERED, FIRST)
                .when(new RecordWebhookDelivery(HOOKS, DELIVERY, 1, true, 204, null))
                .expectEvents(recorded(1, DeliveryOutcome.DELIVERED, 204, null, null))
                .expectNoScheduledDeadlines();
        fixture.given(REGISTERED, FIRST, recorded(1, DeliveryOutcome.DELIVERED, 204, null, null))
                .when(new RecordWebhookDelivery(HOOKS, DELIVERY, 1, false, 500, null))
                .expectNoEvents();
        fixture.given(REGISTERED, FIRST)
                .when(new RecordWebhookDelivery(HOOKS, DELIVERY, 2, true, 200, null))
                .expectNoEvents();
    }

    @Test
    void canRetryAFailureAfterItsBackOffWithTheSameDeliveryId() {
        var given = fixture.given(REGISTERED, FIRST);
        Instant now = given.currentTime();
        given.when(new RecordWebhookDelivery(HOOKS, DELIVERY, 1, false, 500, null))
                .expectEvents(recorded(1, DeliveryOutcome.FAILED, 500, null, now.plusSeconds(30)))
                .expectScheduledDeadline(Duration.ofSeconds(30), new AttemptDue(DELIVERY, 2));
        fixture.given(REGISTERED, FIRST)
                .andGivenCommands(new RecordWebhookDelivery(HOOKS, DELIVERY, 1, false, null, "timeout"))
                .whenTimeElapses(Duration.ofSeconds(31))
                .expectEvents(due(2));
    }

    @Test
    void cannotRetryPastTheLastAttemptOrForADisabledWebhook() {
        fixture.given(REGISTERED, FIRST, recorded(1, DeliveryOutcome.FAILED, 500, null, Instant.now()), due(2),
                        recorded(2, DeliveryOutcome.FAILED, 500, null, Instant.now()), due(3))
                .when(new RecordWebhookDelivery(HOOKS, DELIVERY, 3, false, 503, null))
                .expectEvents(recorded(3, DeliveryOutcome.FAILED, 503, null, null))
                .expectNoScheduledDeadlines();
        fixture.given(REGISTERED, FIRST)
                .andGivenCommands(new RecordWebhookDelivery(HOOKS, DELIVERY, 1, false, 500, null),
                        new ChangeWebhook(HOOKS, WORKSPACE, HOOK, null, false, OWNER))
                .whenTimeElapses(Duration.ofSeconds(31))
                .expectEvents(recorded(2, DeliveryOutcome.FAILED, null, "not sent: the webhook is disabled", null));
    }

    @Test
    void canChangeEventTypesAndDisableAndNothingChangesWhenNothingDiffers() {
        fixture.given(REGISTERED)
                .when(new ChangeWebhook(HOOKS, WORKSPACE, HOOK, List.of("member.removed"), false, OWNER))
                .expectEvents(new WebhookChanged(HOOKS, WORKSPACE, HOOK, List.of("member.removed"), false, OWNER))
                .expectResultMessagePayload(new WebhookState(HOOK, URL, List.of("member.removed"), false, 1));
        fixture.given(REGISTERED)
                .when(new ChangeWebhook(HOOKS, WORKSPACE, HOOK, null, true, OWNER))
                .expectNoEvents();
        fixture.given(REGISTERED)
                .when(new ChangeWebhook(HOOKS, WORKSPACE, HOOK, List.of("nope"), null, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "eventTypes[0]"))
                .expectNoEvents();
        fixture.given(REGISTERED)
                .when(new ChangeWebhook(HOOKS, WORKSPACE, "hook-9", null, false, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "id"))
                .expectNoEvents();
        fixture.given(REGISTERED)
                .when(new ChangeWebhook(HOOKS, WORKSPACE, HOOK, null, false, VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void canRotateTheSigningSecretAndLaterAttemptsUseIt() {
        fixture.given(REGISTERED)
                .when(new RotateWebhookSecret(HOOKS, WORKSPACE, HOOK, OWNER))
                .expectResultMessagePayloadMatching(Matchers.matches((WebhookSecret result) ->
                        result.signingSecret().value().startsWith("whsec_")))
                .expectEventsMatching(Matchers.exactSequenceOf(Matchers.messageWithPayload(Matchers.matches(
                        (WebhookSecretRotated event) -> event.secretVersion() == 2)), Matchers.andNoMore()));
        EncryptedValue rotated = new EncryptedValue("dk1", new byte[12], new byte[49]);
        fixture.given(REGISTERED, new WebhookSecretRotated(HOOKS, WORKSPACE, HOOK, rotated, 2, OWNER))
                .when(new DispatchWebhookEvent(HOOKS, WORKSPACE, EVENT, "secret.created", BODY))
                .expectEvents(new WebhookAttemptDue(HOOKS, WORKSPACE, HOOK, DELIVERY, EVENT, "secret.created", 1, URL,
                        BODY, rotated, 2));
        fixture.given(REGISTERED)
                .when(new RotateWebhookSecret(HOOKS, WORKSPACE, HOOK, VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void canDeleteAWebhookSoNothingMoreIsSentToIt() {
        fixture.given(REGISTERED)
                .when(new DeleteWebhook(HOOKS, WORKSPACE, HOOK, OWNER))
                .expectEvents(new WebhookDeleted(HOOKS, WORKSPACE, HOOK, OWNER));
        fixture.given(REGISTERED, new WebhookDeleted(HOOKS, WORKSPACE, HOOK, OWNER))
                .when(new DispatchWebhookEvent(HOOKS, WORKSPACE, EVENT, "secret.created", BODY))
                .expectNoEvents();
        fixture.given(REGISTERED, FIRST)
                .andGivenCommands(new RecordWebhookDelivery(HOOKS, DELIVERY, 1, false, 500, null),
                        new DeleteWebhook(HOOKS, WORKSPACE, HOOK, OWNER))
                .whenTimeElapses(Duration.ofSeconds(31))
                .expectEvents(recorded(2, DeliveryOutcome.FAILED, null, "not sent: the webhook was deleted", null));
        fixture.given(REGISTERED)
                .when(new DeleteWebhook(HOOKS, WORKSPACE, HOOK, VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    private static WebhookDeliveryRecorded recorded(int attempt, DeliveryOutcome outcome, Integer status, String error,
                                                    Instant next) {
        return new WebhookDeliveryRecorded(HOOKS, WORKSPACE, HOOK, DELIVERY, EVENT, "secret.created", attempt,
                outcome, status, error, next);
    }
}
