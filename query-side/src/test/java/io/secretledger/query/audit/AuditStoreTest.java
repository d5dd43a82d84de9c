package io.secretledger.query.audit;

import io.secretledger.api.audit.AuditEntry;
import io.secretledger.api.common.Actor;
import io.secretledger.query.audit.AuditStore.Head;
import io.secretledger.query.audit.AuditStore.Placed;
import io.secretledger.query.support.InMemoryMongo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AuditStoreTest {

    private final InMemoryMongo mongo = new InMemoryMongo();
    private final AuditStore store = new AuditStore(mongo.client().getDatabase("test"));

    @AfterEach
    void tearDown() {
        mongo.close();
    }

    @Test
    void canAppendAcrossChunksOnceAndReadFromAnyPositionInOrder() {
        List<Placed> placed = new ArrayList<>();
        Head head = Head.EMPTY;
        for (long position = 10; placed.size() < 3 * AuditStore.CHUNK + 7; position += 2) {
            AuditEntry entry = AuditEntries.chained(new AuditEntry(position, "ws-1", Instant.EPOCH, Actor.SYSTEM,
                    "SecretRevealed", "secret", "s-" + position, null, null, "revealed", null), head.hash());
            head = head.after(entry);
            placed.add(new Placed(entry, head.chunk()));
        }
        store.append(placed.subList(0, 60), Map.of("ws-1", new Head(placed.get(59).entry().position(),
                placed.get(59).entry().hash(), placed.get(59).chunk(), 10)));
        // A batch redone after a crash overlaps what was stored: nothing is appended twice.
        store.append(placed, Map.of("ws-1", head));

        assertThat(positions(store.after("ws-1", null))).isEqualTo(placed.stream()
                .map(p -> p.entry().position()).toList());
        long middle = placed.get(77).entry().position();
        assertThat(positions(store.after("ws-1", middle))).first().isEqualTo(middle + 2);
        assertThat(positions(store.after("ws-1", middle + 1))).first().isEqualTo(middle + 2);
        assertThat(positions(store.after("ws-1", Long.MAX_VALUE - 1))).isEmpty();
        assertThat(positions(store.after("ws-2", null))).isEmpty();
        assertThat(store.head("ws-1")).isEqualTo(head);
        assertThat(head.chunk()).isEqualTo(3);
    }

    private static List<Long> positions(Iterator<AuditEntry> entries) {
        List<Long> positions = new ArrayList<>();
        entries.forEachRemaining(entry -> positions.add(entry.position()));
        return positions;
    }
}
