package io.secretledger.query.audit;

import io.secretledger.api.audit.AuditEntry;
import io.secretledger.api.common.Actor;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditJsonTest {

    private static final AuditEntry REVEAL = new AuditEntry(42, "ws-1", Instant.parse("2026-11-23T10:15:30.123456Z"),
            Actor.member("m-1", "ann \"the auditor\" <ann@example.com>"), "SecretRevealed", "secret", "s-1",
            "rule r-1", null, "revealed", "ab".repeat(32));

    @Test
    void canWriteAnEntryAsOneLineInTheExportsFieldOrderAndReadItBackWhole() {
        String line = AuditJson.write(REVEAL);

        assertThat(line).doesNotContain("\n").startsWith("{\"position\":42,\"workspaceId\":\"ws-1\","
                + "\"at\":\"2026-11-23T10:15:30.123456Z\",\"actor\":{\"type\":\"MEMBER\",\"id\":\"m-1\",")
                .contains("\"ticketId\":null,\"result\":\"revealed\"");
        assertThat(AuditJson.read(line)).isEqualTo(REVEAL);
        assertThat(AuditJson.position(line)).isEqualTo(42);
    }

    @Test
    void canReadALineWhoseFieldsWereReorderedButNotOneThatIsNoEntry() {
        assertThat(AuditJson.position("{\"hash\":null,\"position\":7,\"at\":\"2026-11-23T10:15:30Z\","
                + "\"actor\":{\"type\":\"SYSTEM\"}}")).isEqualTo(7);

        for (String damaged : new String[] {"", "[]", "{\"position\":", "{\"position\":7}",
                "{\"position\":7,\"at\":\"yesterday\",\"actor\":{\"type\":\"MEMBER\"}}",
                "{\"position\":7,\"at\":\"2026-11-23T10:15:30Z\",\"actor\":{\"type\":\"ROBOT\"}}"}) {
            assertThatThrownBy(() -> AuditJson.read(damaged)).as(damaged)
                    .isInstanceOf(AuditJson.UnreadableEntry.class).hasMessageContaining("verifyAuditChain");
        }
    }
}
