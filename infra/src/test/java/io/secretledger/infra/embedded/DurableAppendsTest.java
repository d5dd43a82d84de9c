package io.secretledger.infra.embedded;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DurableAppendsTest {

    @TempDir
    Path directory;

    private GroupCheckpoint checkpoint;
    private DurableAppends engine;
    private TransactionTemplate transaction;

    @BeforeEach
    void setUp() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + directory.resolve("events") + ";WRITE_DELAY=500");
        h2.setUser("sa");
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(h2);
        transaction = new TransactionTemplate(transactions);
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        JdbcEventStorageEngine jdbc = JdbcEventStorageEngine.builder()
                .connectionProvider(new SpringDataSourceConnectionProvider(h2))
                .transactionManager(new SpringTransactionManager(transactions))
                .snapshotSerializer(serializer).eventSerializer(serializer)
                .persistenceExceptionResolver(new JdbcSQLErrorCodesResolver())
                .build();
        jdbc.createSchema(H2EventTableFactory.INSTANCE);
        checkpoint = new GroupCheckpoint(h2, false, new SimpleMeterRegistry());
        engine = new DurableAppends(jdbc, checkpoint, h2);
    }

    @Test
    void canMakeATransactionsAppendsDurableWithOneCheckpointAfterItCommits() {
        transaction.executeWithoutResult(status -> {
            engine.appendEvents(event("s-1", 0));
            engine.appendEvents(event("s-1", 1));
            assertThat(checkpoint.writes()).as("not before the commit").isZero();
        });

        assertThat(checkpoint.writes()).isEqualTo(1);
        assertThat(engine.readEvents("s-1").asStream().count()).isEqualTo(2);
        assertThat(engine.lastSequenceNumberFor("s-1")).contains(1L);
    }

    @Test
    void canMakeAnAppendOutsideATransactionDurableBeforeItReturns() {
        engine.appendEvents(event("s-2", 0));

        assertThat(checkpoint.writes()).isEqualTo(1);
    }

    @Test
    void cannotCheckpointForATransactionThatAppendsNothingOrRollsBack() {
        transaction.executeWithoutResult(status -> engine.readEvents("s-3").asStream().count());
        transaction.executeWithoutResult(status -> {
            engine.appendEvents(event("s-3", 0));
            status.setRollbackOnly();
        });

        assertThat(checkpoint.writes()).isZero();
        assertThat(engine.readEvents("s-3").asStream().count()).isZero();

        transaction.executeWithoutResult(status -> engine.appendEvents(event("s-3", 0)));
        assertThat(checkpoint.writes()).as("a later transaction registers again").isEqualTo(1);
    }

    /**
     * Between its commit and its checkpoint a transaction's events are visible to other connections, and a SIGKILL
     * would lose them: no processor may read them then (crash battery).
     */
    @Test
    void cannotHandAnEventToAProcessorBeforeItIsDurable() {
        engine.appendEvents(event("s-4", 0));
        java.util.List<Long> readBetweenCommitAndCheckpoint = new java.util.ArrayList<>();
        transaction.executeWithoutResult(status -> {
            // Registered before the engine's own step, so it runs after the commit and before the checkpoint.
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            readBetweenCommitAndCheckpoint.add(engine.readEvents(null, false).count());
                        }
                    });
            engine.appendEvents(event("s-4", 1), event("s-4", 2));
        });

        assertThat(readBetweenCommitAndCheckpoint).containsExactly(1L);
        assertThat(engine.readEvents(null, false).count()).as("once durable").isEqualTo(3);
    }

    /**
     * A read fetches its batch, then passes its events one by one; a transaction that commits in between is not in
     * the batch. A later event of the batch must then wait, or the processors get it before the earlier one.
     */
    @Test
    void cannotHandAProcessorAnEventWhileAnEarlierPositionMayStillCommit() throws Exception {
        engine.appendEvents(event("r", 0));
        java.util.concurrent.CountDownLatch inserted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch commit = new java.util.concurrent.CountDownLatch(1);
        Thread earlier = new Thread(() -> transaction.executeWithoutResult(status -> {
            engine.appendEvents(event("x", 0));
            inserted.countDown();
            try {
                commit.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        earlier.start();
        inserted.await();
        transaction.executeWithoutResult(status -> engine.appendEvents(event("y", 0)));

        java.util.Iterator<? extends org.axonframework.eventhandling.TrackedEventMessage<?>> read =
                engine.readEvents(null, false).iterator();
        java.util.List<String> passed = new java.util.ArrayList<>(java.util.List.of(aggregate(read.next())));
        commit.countDown();
        earlier.join();
        read.forEachRemaining(event -> passed.add(aggregate(event)));

        assertThat(passed).as("y waits for a read that also sees x").containsExactly("r");
        assertThat(engine.readEvents(null, false).map(DurableAppendsTest::aggregate).toList())
                .containsExactly("r", "x", "y");
    }

    private static String aggregate(org.axonframework.eventhandling.TrackedEventMessage<?> event) {
        return ((org.axonframework.eventhandling.DomainEventMessage<?>) event).getAggregateIdentifier();
    }

    private static GenericDomainEventMessage<String> event(String aggregate, long sequence) {
        return new GenericDomainEventMessage<>("Secret", aggregate, sequence, "event " + sequence);
    }
}
