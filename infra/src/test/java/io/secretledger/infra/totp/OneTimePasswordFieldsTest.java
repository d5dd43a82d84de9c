package io.secretledger.infra.totp;

import io.secretledger.command.totp.Totp;
import io.secretledger.command.totp.TotpSeed;
import io.secretledger.infra.support.Canaries;
import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.Storage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.secretledger.infra.support.Refusals.assertSingle;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21, one-time-password fields, over real GraphQL and HTTP (docs/adr/0026): a TOTP field takes an otpauth URI,
 * a reveal answers the code of the current time step and records it as a code reveal, the seed goes only to a member
 * who may modify the secret, and a value that is no seed is refused with INVALID_TOTP, storing nothing. The seeds are
 * canaries: the sweep after the battery finds them in no stored byte and no log line.
 */
class OneTimePasswordFieldsTest extends LiveApplicationTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final SecureRandom RANDOM = new SecureRandom();

    private HttpGraphQlTester owner;
    private String templateId;

    @BeforeEach
    void setUp() {
        owner = asOwner();
        templateId = owner.documentName("createTemplate").variable("input", Map.of("name", "Admin login",
                        "fields", List.of(Map.of("key", "login", "label", "Login", "type", "TEXT", "required", true),
                                // Not declared sensitive: a TOTP field is sensitive all the same.
                                Map.of("key", "otp", "label", "One-time password", "type", "TOTP", "required", true))))
                .execute()
                .path("createTemplate.template.fields[1].sensitive").entity(Boolean.class).isEqualTo(true)
                .path("createTemplate.template.id").entity(String.class).get();
    }

    @Test
    void aRevealAnswersTheCurrentCodeAndRecordsACodeReveal() {
        String seed = newSeed();
        String secretId = createSecret("otp-" + UUID.randomUUID(), "otpauth://totp/ACME:alice?secret="
                + seed.toLowerCase() + "&issuer=ACME&algorithm=SHA256&digits=8&period=30");
        owner.documentName("secret").variable("id", secretId).execute()
                .path("secret.fields[?(@.key == 'otp')].masked").entityList(Boolean.class).containsExactly(true)
                .path("secret.fields[?(@.key == 'otp')].value").entityList(Object.class).satisfies(values ->
                        assertThat(values).containsOnlyNulls());
        HttpGraphQlTester reader = member("EDITOR");

        Instant before = Instant.now();
        GraphQlTester.Response revealed = reveal(reader, secretId, false);
        Instant after = Instant.now();

        TotpSeed expected = TotpSeed.parse("otpauth://totp/?secret=" + seed + "&algorithm=SHA256&digits=8");
        String code = revealed.path("revealSecretField.oneTimeCode.code").entity(String.class).get();
        assertThat(code).hasSize(8).containsOnlyDigits()
                .isIn(Totp.at(expected, before).code(), Totp.at(expected, after).code());
        assertThat(revealed.path("revealSecretField.value").entity(String.class).get()).isEqualTo(code);
        revealed.path("revealSecretField.oneTimeCode.digits").entity(Integer.class).isEqualTo(8)
                .path("revealSecretField.oneTimeCode.period").entity(Integer.class).isEqualTo(30)
                .path("revealSecretField.grant").entity(String.class).isEqualTo("permission:VIEW_ALL");
        int secondsLeft = revealed.path("revealSecretField.oneTimeCode.secondsLeft").entity(Integer.class).get();
        assertThat(secondsLeft).isBetween(1, 30)
                .isIn(Totp.at(expected, before).secondsLeft(), Totp.at(expected, after).secondsLeft(),
                        (int) (30 - Math.floorMod(after.getEpochSecond(), 30)));

        assertThat(Storage.eventPayloads(eventStore))
                .filteredOn(event -> event.startsWith("io.secretledger.api.secret.SecretRevealed"))
                .filteredOn(event -> event.contains(secretId)).singleElement().asString()
                .contains("\"fieldKey\":\"otp\"").contains("\"totp\":\"CODE\"").doesNotContain(code);
    }

    @Test
    void theSeedGoesOnlyToAMemberWhoMayModifyTheSecretAndARefusalIsRecorded() {
        String seed = newSeed();
        String secretId = createSecret("otp-" + UUID.randomUUID(), seed.toLowerCase().replaceAll("(.{4})", "$1 "));
        HttpGraphQlTester reader = member("EDITOR");
        long before = refusals(secretId);

        reveal(reader, secretId, true).errors().satisfy(errors -> assertSingle(errors, "FORBIDDEN", null));

        assertThat(refusals(secretId)).isEqualTo(before + 1);
        reveal(member("ADMIN"), secretId, true).path("revealSecretField.value").entity(String.class)
                .isEqualTo("otpauth://totp/?secret=" + seed + "&algorithm=SHA1&digits=6&period=30")
                .path("revealSecretField.oneTimeCode").valueIsNull();
        assertThat(Storage.eventPayloads(eventStore))
                .filteredOn(event -> event.startsWith("io.secretledger.api.secret.SecretRevealed"))
                .filteredOn(event -> event.contains(secretId)).singleElement().asString()
                .contains("\"totp\":\"SEED\"");
    }

    @Test
    void aValueThatIsNoSeedIsRefusedWithItsFieldAndStoresNothing() {
        String name = "otp-" + UUID.randomUUID();
        String notASeed = Canaries.plant("not-a-seed");
        long before = storedEvents();

        for (String otp : List.of(notASeed, "otpauth://totp/x?secret=" + newSeed() + "&digits=7",
                "otpauth://totp/x?secret=" + newSeed() + "&algorithm=MD5",
                "otpauth://totp/x?secret=" + newSeed() + "&period=0")) {
            owner.documentName("createSecret").variable("input", secretInput(name, otp)).execute().errors()
                    .satisfy(errors -> {
                        assertSingle(errors, "INVALID_TOTP", "values.otp");
                        assertThat(errors.get(0).getMessage()).doesNotContain(otp);
                    });
        }
        assertThat(storedEvents()).isEqualTo(before);

        // The name was not taken by the refused attempts, and an edit is refused the same way.
        String secretId = createSecret(name, newSeed());
        long created = storedEvents();
        owner.documentName("updateSecret").variable("input", Map.of("id", secretId, "expectedVersion", 0,
                        "values", List.of(Map.of("key", "otp", "value", notASeed)))).execute().errors()
                .satisfy(errors -> assertSingle(errors, "INVALID_TOTP", "values.otp"));
        assertThat(storedEvents()).isEqualTo(created);
    }

    private String createSecret(String name, String otp) {
        return owner.documentName("createSecret").variable("input", secretInput(name, otp)).execute()
                .path("createSecret.secret.id").entity(String.class).get();
    }

    private Map<String, Object> secretInput(String name, String otp) {
        return Map.of("templateId", templateId, "name", name, "values", List.of(
                Map.of("key", "login", "value", "alice@acme.example"), Map.of("key", "otp", "value", otp)));
    }

    private GraphQlTester.Response reveal(HttpGraphQlTester who, String secretId, boolean seed) {
        Map<String, Object> input = new HashMap<>(Map.of("secretId", secretId, "fieldKey", "otp"));
        if (seed) {
            input.put("seed", true);
        }
        return who.documentName("revealOneTimeCode").variable("input", input).execute();
    }

    private HttpGraphQlTester member(String role) {
        String email = "otp-" + UUID.randomUUID() + "@demo.local";
        String memberId = owner.documentName("addMember").variable("input", Map.of("email", email, "role", role))
                .execute().path("addMember.member.id").entity(String.class).get();
        return http(tokens.mint(demo.workspaceId(), memberId, email, Duration.ofMinutes(10)));
    }

    private long refusals(String secretId) {
        return Storage.eventPayloads(eventStore).stream()
                .filter(event -> event.startsWith("io.secretledger.api.secret.SecretRevealRefused"))
                .filter(event -> event.contains(secretId)).count();
    }

    /** A random seed of 20 bytes, remembered as a canary in both spellings a test gives it. */
    private static String newSeed() {
        StringBuilder seed = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            seed.append(ALPHABET.charAt(RANDOM.nextInt(32)));
        }
        Canaries.remember(seed.toString());
        Canaries.remember(seed.toString().toLowerCase());
        return seed.toString();
    }
}
