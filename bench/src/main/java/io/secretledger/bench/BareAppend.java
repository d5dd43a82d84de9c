package io.secretledger.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.secretledger.infra.embedded.H2EventTableFactory;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.serialization.json.JacksonSerializer;
import org.h2.jdbcx.JdbcConnectionPool;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The baseline: Axon's JDBC engine appending one event per call to an H2 file database, each append on the disk
 * before the call returns (written with WRITE_DELAY=0, then {@code CHECKPOINT SYNC}: fsync), as the service's
 * default {@code secretledger.event-store.sync=true} promises for an acknowledged command.
 */
final class BareAppend {

    record Payload(String secretId, String field, int version) {
    }

    private BareAppend() {
    }

    static Stats measure(Path directory, int clients, int appendsPerClient, int warmup) throws Exception {
        try (Appender appender = new Appender(directory, clients + 2)) {
            List<Long> samples = Collections.synchronizedList(new ArrayList<>());
            ExecutorService executor = Executors.newFixedThreadPool(clients);
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(executor.submit(() -> {
                    for (int i = 0; i < warmup + appendsPerClient; i++) {
                        long t0 = System.nanoTime();
                        appender.append(UUID.randomUUID().toString(), i);
                        long elapsed = System.nanoTime() - t0;
                        if (i >= warmup) {
                            samples.add(elapsed);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            executor.shutdown();
            return Stats.of("bare durable append, " + clients + " client(s)", samples,
                    clients * (warmup + appendsPerClient) / seconds);
        }
    }

    /** Axon's JDBC engine on an H2 file database: {@link #append} returns once its one event is on the disk. */
    static final class Appender implements AutoCloseable {

        private final JdbcConnectionPool pool;
        private final JdbcEventStorageEngine engine;

        Appender(Path directory, int connections) {
            pool = JdbcConnectionPool.create(
                    "jdbc:h2:file:" + directory.resolve("events") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE", "sa", "");
            pool.setMaxConnections(connections);
            JacksonSerializer serializer = JacksonSerializer.builder()
                    .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule())).build();
            engine = JdbcEventStorageEngine.builder()
                    .connectionProvider(pool::getConnection)
                    .transactionManager(NoTransactionManager.INSTANCE)
                    .snapshotSerializer(serializer).eventSerializer(serializer)
                    .persistenceExceptionResolver(new JdbcSQLErrorCodesResolver())
                    .build();
            engine.createSchema(H2EventTableFactory.INSTANCE);
        }

        /** Appends the first event of a new aggregate and syncs the database file. */
        void append(String aggregateId, int version) {
            engine.appendEvents(new GenericDomainEventMessage<>("Bench", aggregateId, 0,
                    new Payload(aggregateId, "token", version)));
            sync();
        }

        /** Forces what was committed to the database file to the disk. */
        void sync() {
            BareAppend.sync(pool);
        }

        JdbcEventStorageEngine engine() {
            return engine;
        }

        @Override
        public void close() {
            pool.dispose();
        }
    }

    private static void sync(JdbcConnectionPool pool) {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT SYNC");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot sync the baseline's database", e);
        }
    }
}
