package io.secretledger.command.secret;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.ErrorDetails;
import io.secretledger.api.common.Permission;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.secret.CreateSecret;
import io.secretledger.api.secret.EditSecret;
import io.secretledger.api.secret.FieldInput;
import io.secretledger.api.secret.FieldValue;
import io.secretledger.api.secret.RevealSecretField;
import io.secretledger.api.secret.RevealedValue;
import io.secretledger.api.secret.SecretCreated;
import io.secretledger.api.secret.SecretRevealRefused;
import io.secretledger.api.secret.SecretRevealed;
import io.secretledger.api.secret.Visibility;
import io.secretledger.api.template.FieldDefinition;
import io.secretledger.api.template.FieldType;
import io.secretledger.api.totp.TotpDisclosure;
import io.secretledger.command.common.DomainExceptionTranslator;
import io.secretledger.command.crypto.AssociatedData;
import io.secretledger.command.crypto.FieldCipher;
import io.secretledger.command.crypto.ValueGenerator;
import io.secretledger.command.support.Fixtures;
import io.secretledger.command.template.TemplateDefinition;
import io.secretledger.command.totp.Totp;
import io.secretledger.command.totp.TotpSeed;
import io.secretledger.command.verification.VerificationDirectory;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static io.secretledger.command.support.Fixtures.OWNER;
import static io.secretledger.command.support.Fixtures.VIEWER;
import static io.secretledger.command.support.Fixtures.WORKSPACE;
import static io.secretledger.command.support.Fixtures.refusedWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

/** One-time-password fields (docs/adr/0026): what a secret stores for them and what a reveal hands out. */
class SecretTotpTest {

    private static final String SECRET = "secret-otp";
    private static final String TEMPLATE = "template-otp";
    private static final String SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    private static final String URI = "otpauth://totp/ACME:alice?secret=" + SEED
            + "&issuer=ACME&algorithm=SHA256&digits=8&period=60";
    private static final String CANONICAL = "otpauth://totp/ACME:alice?secret=" + SEED
            + "&issuer=ACME&algorithm=SHA256&digits=8&period=60";
    private static final List<FieldDefinition> LAYOUT = List.of(
            new FieldDefinition("login", "Login", FieldType.TEXT, true, false, List.of()),
            // Declared not sensitive: a one-time-password field is sensitive all the same.
            new FieldDefinition("otp", "One-time password", FieldType.TOTP, true, false, List.of()),
            new FieldDefinition("password", "Password", FieldType.TEXT, false, true, List.of()));

    private FixtureConfiguration<Secret> fixture;
    private Fixtures.Directory directory;
    private FieldCipher cipher;

    @BeforeEach
    void setUp() {
        directory = Fixtures.directory();
        directory.put(WORKSPACE, VIEWER, Permission.VIEW_ALL);
        var keys = Fixtures.keys();
        cipher = Fixtures.cipher(keys);
        fixture = new AggregateTestFixture<>(Secret.class)
                .registerInjectableResource(new Fixtures.Grants())
                .registerInjectableResource(directory)
                .registerInjectableResource(new Fixtures.Tickets())
                .registerInjectableResource(new Fixtures.Catalog()
                        .with(new TemplateDefinition(TEMPLATE, WORKSPACE, LAYOUT, false)))
                .registerInjectableResource(cipher)
                .registerInjectableResource(keys)
                .registerInjectableResource((VerificationDirectory) (ws, member) -> Optional.empty())
                .registerInjectableResource(new ValueGenerator(new java.security.SecureRandom()))
                .registerInjectableResource(new Fixtures.Names())
                .registerInjectableResource(new Fixtures.References())
                .registerInjectableResource(new FileRules(1024))
                .registerCommandHandlerInterceptor(new DomainExceptionTranslator());
    }

    @Test
    void aTotpFieldIsSensitiveWhateverItsDefinitionSays() {
        assertThat(LAYOUT.get(1).sensitive()).isTrue();
    }

    @Test
    void canCreateASecretFromAnOtpauthUriAndStoresItsCanonicalFormEncrypted() {
        fixture.givenNoPriorActivity()
                .when(create(URI.replace("SHA256", "sha256").replace(SEED, SEED.toLowerCase())))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches(payload -> {
                    FieldValue otp = ((SecretCreated) payload).values().stream()
                            .filter(value -> value.key().equals("otp")).findFirst().orElseThrow();
                    String stored = new String(otp.encrypted().ciphertext(), StandardCharsets.ISO_8859_1);
                    return otp.text() == null && !stored.contains(SEED) && cipher.decrypt(otp.encrypted(),
                            new AssociatedData(WORKSPACE, SECRET, "otp", 1)).value().equals(CANONICAL);
                }), andNoMore())));
    }

    @Test
    void canCreateASecretFromABareBase32Seed() {
        fixture.givenNoPriorActivity()
                .when(create("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches(payload -> {
                    FieldValue otp = ((SecretCreated) payload).values().stream()
                            .filter(value -> value.key().equals("otp")).findFirst().orElseThrow();
                    return cipher.decrypt(otp.encrypted(), new AssociatedData(WORKSPACE, SECRET, "otp", 1)).value()
                            .equals("otpauth://totp/?secret=" + SEED + "&algorithm=SHA1&digits=6&period=30");
                }), andNoMore())));
    }

    @Test
    void cannotCreateWithAnInvalidSeedAndStoresNothing() {
        fixture.givenNoPriorActivity()
                .when(create("NOT-A-SEED-1890"))
                .expectExceptionDetails(invalidTotp("values.otp"))
                .expectNoEvents();
    }

    @Test
    void cannotCreateWithSevenDigitsOrAnUnknownAlgorithm() {
        fixture.givenNoPriorActivity()
                .when(create(URI.replace("digits=8", "digits=7")))
                .expectExceptionDetails(invalidTotp("values.otp"))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(create(URI.replace("SHA256", "MD5")))
                .expectExceptionDetails(invalidTotp("values.otp"))
                .expectNoEvents();
    }

    @Test
    void anInvalidSeedIsNamedFirstAndTheOtherMistakesAreListedToo() {
        fixture.givenNoPriorActivity()
                .when(new CreateSecret(SECRET, WORKSPACE, TEMPLATE, "acme-admin", null, Visibility.MASKED, null,
                        List.of(new FieldInput("otp", new Plaintext("otpauth://totp/x?secret=" + SEED + "&period=0"))),
                        OWNER))
                .expectExceptionDetails(matches(details -> details instanceof ErrorDetails refusal
                        && refusal.code() == ErrorCode.INVALID_TOTP && refusal.field().equals("values.otp")
                        && refusal.violations().stream().anyMatch(v -> v.field().equals("values.login"))
                        && !refusal.message().contains(SEED)))
                .expectNoEvents();
    }

    @Test
    void cannotEditInAnInvalidSeedAndTheStoredOneStays() {
        fixture.given(created())
                .when(new EditSecret(SECRET, WORKSPACE, 0L, null, null,
                        List.of(new FieldInput("otp", new Plaintext("otpauth://totp/x?secret=" + SEED + "&digits=9"))),
                        OWNER))
                .expectExceptionDetails(invalidTotp("values.otp"))
                .expectNoEvents();
    }

    @Test
    void cannotHaveASeedGenerated() {
        fixture.givenNoPriorActivity()
                .when(new CreateSecret(SECRET, WORKSPACE, TEMPLATE, "acme-admin", null, Visibility.MASKED, null,
                        List.of(new FieldInput("login", new Plaintext("alice")), new FieldInput("otp", null,
                                io.secretledger.api.secret.GeneratorOptions.DEFAULT)), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "values.otp"))
                .expectNoEvents();
    }

    @Test
    void aRevealHandsOutTheCurrentCodeAndRecordsItAsACodeReveal() {
        var given = fixture.given(created());
        java.time.Instant now = given.currentTime();
        given.when(new RevealSecretField(SECRET, WORKSPACE, "otp", null, VIEWER))
                .expectEvents(new SecretRevealed(SECRET, WORKSPACE, "otp", 1, "permission:VIEW_ALL", null, false, null,
                        VIEWER, TotpDisclosure.CODE))
                .expectResultMessagePayloadMatching(matches(result -> {
                    RevealedValue revealed = (RevealedValue) result;
                    var expected = Totp.at(TotpSeed.parse(CANONICAL), now);
                    return revealed.oneTimeCode() != null && revealed.oneTimeCode().code().equals(expected.code())
                            && revealed.value().value().equals(expected.code())
                            && revealed.oneTimeCode().digits() == 8 && revealed.oneTimeCode().period() == 60
                            && revealed.oneTimeCode().secondsLeft() == expected.secondsLeft()
                            && revealed.oneTimeCode().secondsLeft() >= 1 && revealed.oneTimeCode().secondsLeft() <= 60;
                }));
    }

    @Test
    void aSeedRevealGivesTheSeedToAMemberWhoMayModifyTheSecret() {
        fixture.given(created())
                .when(new RevealSecretField(SECRET, WORKSPACE, "otp", null, false, null, OWNER, true))
                .expectEvents(new SecretRevealed(SECRET, WORKSPACE, "otp", 1, "permission:ACCOUNT_OWNER", null, false,
                        null, OWNER, TotpDisclosure.SEED))
                .expectResultMessagePayloadMatching(matches(result -> result instanceof RevealedValue revealed
                        && revealed.value().value().equals(CANONICAL) && revealed.oneTimeCode() == null));
    }

    @Test
    void cannotRevealTheSeedWithoutTheRightToModifyAndTheAttemptIsRecorded() {
        fixture.given(created())
                .when(new RevealSecretField(SECRET, WORKSPACE, "otp", null, false, null, VIEWER, true))
                .expectEvents(new SecretRevealRefused(SECRET, WORKSPACE, "otp", null, ErrorCode.FORBIDDEN, VIEWER))
                .expectResultMessagePayloadMatching(matches(result -> result instanceof RevealedValue revealed
                        && revealed.value() == null && revealed.oneTimeCode() == null
                        && revealed.refusal().code() == ErrorCode.FORBIDDEN));
    }

    @Test
    void cannotAskForTheSeedOfAFieldThatIsNoOneTimePassword() {
        fixture.given(created())
                .when(new RevealSecretField(SECRET, WORKSPACE, "password", null, false, null, OWNER, true))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "seed"))
                .expectNoEvents();
    }

    private static CreateSecret create(String otp) {
        return new CreateSecret(SECRET, WORKSPACE, TEMPLATE, "acme-admin", null, Visibility.MASKED, null,
                List.of(new FieldInput("login", new Plaintext("alice")), new FieldInput("otp", new Plaintext(otp))),
                OWNER);
    }

    private SecretCreated created() {
        return new SecretCreated(SECRET, WORKSPACE, TEMPLATE, "acme-admin", "", Visibility.MASKED, null, LAYOUT,
                List.of(FieldValue.plain("login", 1, "alice"), FieldValue.sealed("otp", 1,
                        cipher.encrypt(new Plaintext(CANONICAL), new AssociatedData(WORKSPACE, SECRET, "otp", 1))),
                        FieldValue.sealed("password", 1, cipher.encrypt(new Plaintext("hunter2"),
                                new AssociatedData(WORKSPACE, SECRET, "password", 1)))),
                OWNER);
    }

    private static org.hamcrest.Matcher<Object> invalidTotp(String field) {
        return refusedWith(ErrorCode.INVALID_TOTP, field);
    }
}
