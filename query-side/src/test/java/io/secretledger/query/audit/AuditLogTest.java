package io.secretledger.query.audit;

import io.secretledger.api.common.Actor;
import io.secretledger.api.secret.SecretRevealed;
import io.secretledger.query.support.InMemoryMongo;
import io.secretledger.query.workspace.Viewers;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class AuditLogTest {

    private static final Actor OWNER = Actor.member("m-1", "owner@example.com");

    private InMemoryMongo store;
    private MongoTemplate mongo;
    private AuditLog log;

    @BeforeEach
    void setUp() {
        store = new InMemoryMongo();
        mongo = store.template();
        log = new AuditLog(mongo, EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build(),
                new Viewers(mongo), SimpleQueryUpdateEmitter.builder().build());
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    /**
     * A tracking processor stores its token in the first prepare-commit step of a batch; entries written after
     * it would be lost for good if the process died or the insert failed there, so they must be stored before.
     */
    @Test
    void canStoreABatchsEntriesBeforeTheProcessorStoresItsToken() throws Exception {
        List<TrackedEventMessage<?>> events = LongStream.rangeClosed(1, 3).<TrackedEventMessage<?>>mapToObj(
                position -> new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(position),
                        GenericEventMessage.asEventMessage(new SecretRevealed("s-" + position, "ws-1", "token", 1,
                                "owner", null, false, null, OWNER)))).toList();
        BatchingUnitOfWork<TrackedEventMessage<?>> batch = new BatchingUnitOfWork<>(events);
        List<Long> storedWhenTokenWritten = new ArrayList<>();
        batch.onPrepareCommit(done -> storedWhenTokenWritten.add(entries()));

        batch.executeWithResult(() -> {
            TrackedEventMessage<?> event = (TrackedEventMessage<?>) CurrentUnitOfWork.get().getMessage();
            log.on(event.getPayload(), event, event.trackingToken());
            return null;
        });

        assertThat(storedWhenTokenWritten).containsExactly(3L);
        assertThat(entries()).isEqualTo(3);
    }

    @Test
    void canRedoABatchWithoutDuplicatingOrBreakingTheChain() throws Exception {
        EventMessage<?> revealed = GenericEventMessage.asEventMessage(new SecretRevealed("s-1", "ws-1", "token", 1,
                "owner", null, false, null, OWNER));
        TrackedEventMessage<?> event = new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(5), revealed);

        log.on(event.getPayload(), event, event.trackingToken());
        log.on(event.getPayload(), event, event.trackingToken());

        assertThat(entries()).isEqualTo(1);
    }

    private long entries() {
        long count = 0;
        for (org.bson.Document chunk : mongo.getCollection(AuditStore.CHUNKS).find()) {
            count += AuditStore.lines(chunk.get(AuditStore.NDJSON, org.bson.types.Binary.class).getData()).size();
        }
        return count;
    }
}
