package io.secretledger.query.audit;

import io.secretledger.api.audit.AuditEntry;
import io.secretledger.api.common.Actor;
import io.secretledger.api.secret.EncryptedValue;
import io.secretledger.api.secret.FieldValue;
import io.secretledger.api.secret.SecretCreated;
import io.secretledger.api.secret.SecretRevealed;
import io.secretledger.api.secret.Visibility;
import io.secretledger.api.verification.VerificationFailed;
import io.secretledger.api.verification.VerificationFailure;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AuditEntriesTest {

    private static final Actor OWNER = Actor.member("m-1", "owner@example.com");
    private static final Instant AT = Instant.parse("2026-11-23T10:15:30.123456789Z");

    @Test
    void canDescribeARevealWithItsGrantTicketAndResult() {
        AuditEntry entry = AuditEntries.describe(event(new SecretRevealed("s-1", "ws-1", "token", 2,
                "rule:r-1", "t-9", false, null, OWNER)), 42);

        assertThat(entry).isEqualTo(new AuditEntry(42, "ws-1", Instant.parse("2026-11-23T10:15:30.123Z"), OWNER,
                "SecretRevealed", "secret", "s-1", "rule:r-1", "t-9", "revealed", null));
    }

    @Test
    void canTellARevealedOneTimeCodeFromARevealedSeed() {
        AuditEntry code = AuditEntries.describe(event(new SecretRevealed("s-1", "ws-1", "otp", 1, "g", "t-9", false,
                "locked out", OWNER, io.secretledger.api.totp.TotpDisclosure.CODE)), 7);
        AuditEntry seed = AuditEntries.describe(event(new SecretRevealed("s-1", "ws-1", "otp", 1, "g", null, false,
                null, OWNER, io.secretledger.api.totp.TotpDisclosure.SEED)), 8);

        assertThat(code.result()).isEqualTo("revealed code: locked out");
        assertThat(seed.result()).isEqualTo("revealed seed");
    }

    @Test
    void canDescribeAFailedVerificationWithItsReasonAndTheMemberAsTarget() {
        VerificationFailure reason = VerificationFailure.values()[0];
        AuditEntry entry = AuditEntries.describe(event(new VerificationFailed("ws-1/m-1", "ws-1", "m-1", "r-1",
                reason, 1, OWNER)), 7);

        assertThat(entry.targetType()).isEqualTo("member");
        assertThat(entry.targetId()).isEqualTo("m-1");
        assertThat(entry.result()).isEqualTo("failed: " + reason);
    }

    @Test
    void canDescribeAnOperatorsDepartureReportReadWithTheMemberAsTargetAndItsChannel() {
        Actor operator = new Actor(io.secretledger.api.common.ActorType.OPERATOR, "op-1", "ops@msp.test");
        AuditEntry entry = AuditEntries.describe(event(new io.secretledger.api.departure.DepartureReportRead("ws-1",
                "m-3", null, AT, io.secretledger.api.departure.DepartureChannel.NDJSON_EXPORT, operator)), 9);

        assertThat(entry).isEqualTo(new AuditEntry(9, "ws-1", Instant.parse("2026-11-23T10:15:30.123Z"), operator,
                "DepartureReportRead", "member", "m-3", null, null, "recorded: NDJSON_EXPORT", null));
    }

    @Test
    void cannotTakeAValueCiphertextOrNameIntoAnEntry() {
        SecretCreated created = new SecretCreated("s-1", "ws-1", "tpl-1", "payment-api-key", "canary description",
                Visibility.MASKED, null, List.of(), List.of(FieldValue.plain("tenant", 1, "canary-tenant"),
                new FieldValue("token", 1, null, new EncryptedValue("dk1", new byte[12], "canary".getBytes()))), OWNER);

        AuditEntry entry = AuditEntries.chained(AuditEntries.describe(event(created), 3), AuditEntries.GENESIS);

        assertThat(entry.toString() + AuditEntries.canonical(entry)).doesNotContain("canary", "payment-api-key");
        assertThat(entry.targetId()).isEqualTo("s-1");
    }

    @Test
    void canChainEachEntryToThePreviousHash() throws Exception {
        AuditEntry entry = AuditEntries.describe(event(new SecretRevealed("s-1", "ws-1", "token", 2, "g", null, false, null,
                OWNER)), 5);
        String previous = "ab".repeat(32);

        AuditEntry chained = AuditEntries.chained(entry, previous);

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                (previous + AuditEntries.canonical(entry)).getBytes(StandardCharsets.UTF_8)));
        assertThat(chained.hash()).isEqualTo(expected);
        assertThat(AuditEntries.chained(entry, AuditEntries.GENESIS).hash()).isNotEqualTo(expected);
    }

    @Test
    void cannotGiveTwoDifferentEntriesTheSameCanonicalForm() {
        AuditEntry a = new AuditEntry(1, "ws", AT, OWNER, "A", "secret", "x|y", null, null, "recorded", null);
        AuditEntry b = new AuditEntry(1, "ws", AT, OWNER, "A", "secret", "x", "y", null, "recorded", null);

        assertThat(AuditEntries.canonical(a)).isNotEqualTo(AuditEntries.canonical(b));
    }

    private static GenericEventMessage<Object> event(Object payload) {
        return new GenericEventMessage<>(new org.axonframework.messaging.GenericMessage<>(payload, MetaData.emptyInstance()),
                () -> AT);
    }
}
