package io.secretledger.command.secret;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ActorType;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.integration.AuthorizeSecretUse;
import io.secretledger.api.integration.EgressRule;
import io.secretledger.api.integration.DecryptWithKey;
import io.secretledger.api.integration.EncryptWithKey;
import io.secretledger.api.integration.KeyOperationResult;
import io.secretledger.api.integration.RecordSecretUse;
import io.secretledger.api.integration.SecretKeyUsed;
import io.secretledger.api.integration.SecretUseAuthorized;
import io.secretledger.api.integration.SecretUseGrant;
import io.secretledger.api.integration.SecretUseRefused;
import io.secretledger.api.integration.SecretUsed;
import io.secretledger.api.integration.UsedField;
import io.secretledger.api.secret.FieldValue;
import io.secretledger.api.secret.SecretCreated;
import io.secretledger.api.secret.SecretPurged;
import io.secretledger.api.secret.Visibility;
import io.secretledger.api.template.FieldDefinition;
import io.secretledger.api.template.FieldType;
import io.secretledger.api.workspace.ServiceScope;
import io.secretledger.command.common.DomainExceptionTranslator;
import io.secretledger.command.crypto.AssociatedData;
import io.secretledger.command.crypto.FieldCipher;
import io.secretledger.command.crypto.TransitKeys;
import io.secretledger.command.integration.HostResolver;
import io.secretledger.command.support.Fixtures;
import io.secretledger.command.workspace.Workspace;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.secretledger.command.support.Fixtures.OWNER;
import static io.secretledger.command.support.Fixtures.WORKSPACE;
import static io.secretledger.command.support.Fixtures.refusedWith;
import static org.axonframework.test.matchers.Matchers.matches;

/** Seed 001: a service account places a secret's fields into an outbound call without seeing them. */
class SecretUseTest {

    private static final String SECRET = "secret-1";
    private static final String NAME = "payment-api-key";
    private static final String KEY = "K3y-material-of-at-least-32-chars!!";
    private static final String URL = "https://api.payments.example/v1/charges?limit=1";
    private static final Actor INTEGRATION = new Actor(ActorType.SERVICE_ACCOUNT, "sa-1", "Billing");
    private static final List<FieldDefinition> LAYOUT = List.of(
            new FieldDefinition("tenant", "Tenant", FieldType.TEXT, true, false, List.of()),
            new FieldDefinition("token", "API token", FieldType.TEXT, true, true, List.of()),
            new FieldDefinition("contract", "Contract", FieldType.FILE, false, false, List.of()));
    private static final Map<String, String> DNS = Map.of("api.payments.example", "93.184.216.34",
            "inside.payments.example", "10.0.0.5");

    private FixtureConfiguration<Secret> fixture;
    private Fixtures.Directory directory;
    private FieldCipher cipher;
    private final TransitKeys transit = new TransitKeys(new java.security.SecureRandom(), 2);

    private final Fixtures.Grants grants = new Fixtures.Grants();

    @BeforeEach
    void setUp() {
        directory = Fixtures.directory();
        cipher = Fixtures.cipher(Fixtures.keys());
        directory.put(WORKSPACE, new Workspace.ServiceAccount("sa-1", "Billing", Set.of(ServiceScope.USE_SECRETS)));
        directory.put(WORKSPACE, new Workspace.ServiceAccount("sa-2", "Tickets", Set.of(ServiceScope.TICKETS)));
        directory.put(WORKSPACE, List.of(new EgressRule("https", "api.payments.example", 443, false),
                new EgressRule("https", "inside.payments.example", 443, false),
                new EgressRule("http", "127.0.0.1", 8089, true)));
        HostResolver resolver = host -> {
            String address = DNS.get(host);
            if (address == null && !Character.isDigit(host.charAt(0))) {
                throw new UnknownHostException(host);
            }
            return List.of(InetAddress.getByName(address == null ? host : address));
        };
        fixture = new AggregateTestFixture<>(Secret.class)
                .registerInjectableResource(grants)
                .registerInjectableResource(directory)
                .registerInjectableResource(cipher)
                .registerCommandHandlerInterceptor(new DomainExceptionTranslator());
        fixture.registerAnnotatedCommandHandler(new SecretUses(fixture.getRepository(),
                new Fixtures.Names().with(WORKSPACE, NAME, SECRET), directory, resolver, cipher,
                new Fixtures.Tickets(), transit));
    }

    private SecretCreated created(Visibility visibility) {
        return created(visibility, "sk_live_123");
    }

    private SecretCreated created(Visibility visibility, String token) {
        return new SecretCreated(SECRET, WORKSPACE, "template-1", NAME, "", visibility, null, LAYOUT,
                List.of(FieldValue.plain("tenant", 1, "acme"), FieldValue.sealed("token", 1,
                        cipher.encrypt(new Plaintext(token), new AssociatedData(WORKSPACE, SECRET, "token", 1)))),
                OWNER);
    }

    private static AuthorizeSecretUse use(String url, Actor actor, String... fields) {
        return new AuthorizeSecretUse(WORKSPACE, NAME, List.of(fields), "POST", url, "use-1", actor);
    }

    @Test
    void canAuthorizeARestrictedSecretsFieldsForAnAllowedDestinationRecordedWithoutTheQuery() {
        fixture.given(created(Visibility.RESTRICTED))
                .when(use(URL, INTEGRATION, "token", "tenant"))
                .expectEvents(new SecretUseAuthorized(SECRET, WORKSPACE, "use-1",
                        List.of(new UsedField("token", 1), new UsedField("tenant", 1)), "POST",
                        "https://api.payments.example:443/v1/charges", INTEGRATION))
                .expectResultMessagePayloadMatching(matches(result -> result instanceof SecretUseGrant grant
                        && grant.refusal() == null && grant.values().get(0).value().value().equals("sk_live_123")
                        && grant.values().get(1).value().value().equals("acme")
                        && grant.addresses().equals(List.of("93.184.216.34"))));
    }

    @Test
    void cannotUseWithoutTheScopeOrAsAPersonAndTheRefusalIsRecorded() {
        Actor tickets = new Actor(ActorType.SERVICE_ACCOUNT, "sa-2", "Tickets");
        fixture.given(created(Visibility.MASKED))
                .when(use(URL, tickets, "token"))
                .expectEvents(new SecretUseRefused(SECRET, WORKSPACE, "use-1", "https://api.payments.example/v1/charges",
                        ErrorCode.FORBIDDEN, tickets))
                .expectResultMessagePayloadMatching(refusal(ErrorCode.FORBIDDEN));
        fixture.given(created(Visibility.MASKED))
                .when(use(URL, OWNER, "token"))
                .expectResultMessagePayloadMatching(refusal(ErrorCode.FORBIDDEN));
    }

    @Test
    void cannotCallOutsideTheAllowlistOrToAPrivateAddressTheRuleDoesNotAllow() {
        fixture.given(created(Visibility.MASKED))
                .when(use("https://evil.example/collect", INTEGRATION, "token"))
                .expectEvents(new SecretUseRefused(SECRET, WORKSPACE, "use-1", "https://evil.example/collect",
                        ErrorCode.EGRESS_DENIED, INTEGRATION))
                .expectResultMessagePayloadMatching(refusal(ErrorCode.EGRESS_DENIED));
        for (String url : List.of("https://api.payments.example:8443/v1", "http://api.payments.example/v1",
                "https://inside.payments.example/v1", "http://127.0.0.1:8090/", "https://169.254.169.254/latest")) {
            fixture.given(created(Visibility.MASKED))
                    .when(use(url, INTEGRATION, "token"))
                    .expectResultMessagePayloadMatching(refusal(ErrorCode.EGRESS_DENIED));
        }
        fixture.given(created(Visibility.MASKED))
                .when(use("http://127.0.0.1:8089/echo", INTEGRATION, "token"))
                .expectResultMessagePayloadMatching(matches(result -> result instanceof SecretUseGrant grant
                        && grant.refusal() == null));
    }

    @Test
    void cannotUseAnUnknownSecretFieldOrAFileOrABadUrl() {
        fixture.given(created(Visibility.MASKED))
                .when(new AuthorizeSecretUse(WORKSPACE, "no-such-secret", List.of("token"), "GET", URL, "use-1",
                        INTEGRATION))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "request"))
                .expectNoEvents();
        fixture.given(created(Visibility.MASKED))
                .when(use(URL, INTEGRATION, "contract"))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "request"))
                .expectNoEvents();
        fixture.given(created(Visibility.MASKED))
                .when(use("ftp://api.payments.example/", INTEGRATION, "token"))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "url"))
                .expectNoEvents();
        fixture.given(created(Visibility.MASKED))
                .when(use("https://user:pw@api.payments.example/", INTEGRATION, "token"))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "url"))
                .expectNoEvents();
        fixture.given(created(Visibility.MASKED))
                .when(use(URL, INTEGRATION))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "request"))
                .expectNoEvents();
    }

    @Test
    void cannotUseAPurgedSecret() {
        fixture.given(created(Visibility.MASKED), new SecretPurged(SECRET, WORKSPACE, NAME, OWNER))
                .when(use(URL, INTEGRATION, "token"))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "id"))
                .expectNoEvents();
    }

    @Test
    void canRecordWhatBecameOfTheCallOnlyAsTheServiceAccountThatMadeIt() {
        SecretUseAuthorized authorized = new SecretUseAuthorized(SECRET, WORKSPACE, "use-1",
                List.of(new UsedField("token", 1)), "POST", "https://api.payments.example:443/v1/charges", INTEGRATION);
        fixture.given(created(Visibility.MASKED), authorized)
                .when(new RecordSecretUse(SECRET, WORKSPACE, "use-1", 201, "completed", INTEGRATION))
                .expectEvents(new SecretUsed(SECRET, WORKSPACE, "use-1", List.of(new UsedField("token", 1)), "POST",
                        "https://api.payments.example:443/v1/charges", 201, "completed", INTEGRATION));
        fixture.given(created(Visibility.MASKED), authorized)
                .when(new RecordSecretUse(SECRET, WORKSPACE, "use-1", 201, "completed",
                        new Actor(ActorType.SERVICE_ACCOUNT, "sa-2", "Tickets")))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "useId"))
                .expectNoEvents();
        fixture.given(created(Visibility.MASKED), authorized, new SecretUsed(SECRET, WORKSPACE, "use-1",
                        List.of(new UsedField("token", 1)), "POST", "https://api.payments.example:443/v1/charges", 201,
                        "completed", INTEGRATION))
                .when(new RecordSecretUse(SECRET, WORKSPACE, "use-1", 500, "completed", INTEGRATION))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "useId"))
                .expectNoEvents();
    }

    @Test
    void canEncryptAndDecryptByKeyReferenceAndEveryUseIsRecorded() {
        SecretCreated key = created(Visibility.RESTRICTED, KEY);
        KeyOperationResult[] sealed = new KeyOperationResult[1];
        fixture.given(key)
                .when(new EncryptWithKey(WORKSPACE, NAME + "/token", new Plaintext("card 4242"), INTEGRATION))
                .expectEvents(new SecretKeyUsed(SECRET, WORKSPACE, "token", 1, "encrypt", INTEGRATION))
                .expectResultMessagePayloadMatching(matches(result -> {
                    sealed[0] = (KeyOperationResult) result;
                    return sealed[0].ciphertext().startsWith("sl:v1:") && !sealed[0].ciphertext().contains("4242");
                }));
        fixture.given(key)
                .when(new DecryptWithKey(WORKSPACE, NAME + "/token", sealed[0].ciphertext(), OWNER))
                .expectEvents(new SecretKeyUsed(SECRET, WORKSPACE, "token", 1, "decrypt", OWNER))
                .expectResultMessagePayloadMatching(matches(result -> result instanceof KeyOperationResult opened
                        && opened.plaintext().value().equals("card 4242")));
    }

    @Test
    void cannotOpenATamperedCiphertextOrOneOfAnotherKeyVersionOrUseAKeyPastItsLimit() {
        SecretCreated key = created(Visibility.MASKED, KEY);
        String ciphertext = transit.encrypt(new Plaintext(KEY), WORKSPACE, SECRET, "token", 1,
                "data".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] raw = java.util.Base64.getDecoder().decode(ciphertext.substring("sl:v1:".length()));
        raw[raw.length - 1] ^= 1;
        fixture.given(key)
                .when(new DecryptWithKey(WORKSPACE, NAME + "/token",
                        "sl:v1:" + java.util.Base64.getEncoder().encodeToString(raw), INTEGRATION))
                .expectExceptionDetails(refusedWith(ErrorCode.INTEGRITY, null))
                .expectNoEvents();
        fixture.given(key)
                .when(new DecryptWithKey(WORKSPACE, NAME + "/token", ciphertext.replace("sl:v1:", "sl:v2:"),
                        INTEGRATION))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "ciphertext"))
                .expectNoEvents();
        fixture.given(key)
                .when(new DecryptWithKey(WORKSPACE, NAME + "/token", "not-a-ciphertext", INTEGRATION))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "ciphertext"))
                .expectNoEvents();
        SecretKeyUsed used = new SecretKeyUsed(SECRET, WORKSPACE, "token", 1, "encrypt", INTEGRATION);
        fixture.given(key, used, used)
                .when(new EncryptWithKey(WORKSPACE, NAME + "/token", new Plaintext("more"), INTEGRATION))
                .expectEvents(new SecretUseRefused(SECRET, WORKSPACE, null, "transit:encrypt", ErrorCode.FORBIDDEN,
                        INTEGRATION))
                .expectResultMessagePayloadMatching(matches(result -> result instanceof KeyOperationResult refused
                        && refused.refusal().code() == ErrorCode.FORBIDDEN));
    }

    @Test
    void cannotUseATooShortValueANonSensitiveFieldOrAKeyEnteredDirectly() {
        fixture.given(created(Visibility.MASKED))
                .when(new EncryptWithKey(WORKSPACE, NAME + "/token", new Plaintext("x"), INTEGRATION))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "keyRef"))
                .expectNoEvents();
        fixture.given(created(Visibility.MASKED, KEY))
                .when(new EncryptWithKey(WORKSPACE, NAME + "/tenant", new Plaintext("x"), INTEGRATION))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "keyRef"))
                .expectNoEvents();
        fixture.given(created(Visibility.MASKED, KEY))
                .when(new EncryptWithKey(WORKSPACE, KEY, new Plaintext("x"), INTEGRATION))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "keyRef"))
                .expectNoEvents();
    }

    private static org.hamcrest.Matcher<Object> refusal(ErrorCode code) {
        return matches(result -> result instanceof SecretUseGrant grant && grant.values().isEmpty()
                && grant.refusal() != null && grant.refusal().code() == code);
    }
}
