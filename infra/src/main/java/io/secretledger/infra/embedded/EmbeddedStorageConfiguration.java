package io.secretledger.infra.embedded;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import io.secretledger.infra.SecretLedgerProperties;
import io.secretledger.infra.axon.StoredEvents;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.h2.mvstore.MVStore;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * The default profile's storage, all under the data directory: the Axon event store in an H2 file
 * database (JDBC engine), and a MongoDB-wire-compatible server over an H2 MVStore file for projections and
 * the token store, reached through the real MongoDB driver. See docs/adr/0001 and 0002.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!axonserver")
class EmbeddedStorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStorageConfiguration.class);
    static final String PROJECTION_FILE = "projections.mv";
    /** How often the projection store's file is looked at for a copy (a look reads two numbers). */
    private static final java.time.Duration COMPACTION_CHECK = java.time.Duration.ofSeconds(30);

    /**
     * The event store's file is compacted first if it is mostly holes ({@link EventStoreFile#compactIfSparse}).
     * Its connections are taken when a unit of work first reads or writes, not when its transaction
     * begins. Axon begins a command's transaction before it locks the aggregate, so every command waiting for a
     * busy aggregate held a pooled connection while the one holding the lock waited for a connection to store its
     * events: 100 confirmations of one code at once (issue 8's battery) stalled every one of them until the
     * pool's 30 s timeout and answered INTERNAL. Waiting for a lock now holds no connection.
     */
    @Bean
    static BeanPostProcessor lazyTransactionConnections() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (!(bean instanceof DataSource dataSource) || bean instanceof LazyConnectionDataSourceProxy
                        || !beanName.equals("dataSource")) {
                    return bean;
                }
                // Before anything has a connection: the pool opens the database on the first one.
                if (bean instanceof com.zaxxer.hikari.HikariDataSource hikari) {
                    EventStoreFile.compactIfSparse(hikari.getJdbcUrl());
                }
                return new LazyConnectionDataSourceProxy(dataSource);
            }
        };
    }

    /**
     * Axon's JDBC engine, whose appends are in the file (and, unless {@code secretledger.event-store.sync} is false,
     * on the disk) before the transaction that made them is reported committed: grouped, see docs/adr/0015.
     */
    @Bean
    EventStorageEngine eventStorageEngine(DataSource dataSource, TransactionManager transactionManager,
                                          Serializer serializer, @Qualifier("eventSerializer") Serializer events,
                                          @Value("${secretledger.event-store.sync:true}") boolean sync,
                                          MeterRegistry meters, FilesSyncedWithEvents files) {
        JdbcEventStorageEngine engine = engine(new SpringDataSourceConnectionProvider(dataSource), transactionManager,
                serializer, events);
        if (!tableExists(dataSource, EventSchema.builder().build().domainEventTable())) {
            transactionManager.executeInTransaction(() -> engine.createSchema(H2EventTableFactory.INSTANCE));
            log.info("Created the event store tables");
        }
        try (Connection connection = dataSource.getConnection()) {
            List<String> changed = H2EventTableFactory.inlineLobColumns(connection, EventSchema.builder().build());
            if (!changed.isEmpty()) {
                log.info("Moved the event store's {} from BLOB to VARBINARY", changed);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot update the event store's tables", e);
        }
        return new DurableAppends(engine, new GroupCheckpoint(dataSource, sync, meters, files), dataSource);
    }

    /** Rewrites the event store's sparse chunks while the service runs, and copies its file for backups. */
    @Bean
    EventStoreFile eventStoreFile(DataSource dataSource, EventStorageEngine eventStorageEngine) {
        return new EventStoreFile(dataSource);
    }

    /** Key vault files, synced by the event store's checkpoints before the events that use their keys. */
    @Bean
    FilesSyncedWithEvents filesSyncedWithEvents() {
        return new FilesSyncedWithEvents();
    }

    /** Axon's JDBC engine over the event store's tables, as the application and the operators' tools read it. */
    static JdbcEventStorageEngine engine(ConnectionProvider connections, TransactionManager transactionManager,
                                         Serializer snapshots, Serializer events) {
        return JdbcEventStorageEngine.builder()
                .connectionProvider(connections)
                .transactionManager(transactionManager)
                .snapshotSerializer(snapshots)
                .eventSerializer(events)
                .persistenceExceptionResolver(new JdbcSQLErrorCodesResolver())
                .schema(EventSchema.builder().build())
                .build();
    }

    /** Takes the storage engine so that the tables it creates exist before this is asked. */
    @Bean
    StoredEvents storedEvents(DataSource dataSource, EventStorageEngine eventStorageEngine) {
        String table = EventSchema.builder().build().domainEventTable();
        return () -> {
            try (Connection connection = dataSource.getConnection();
                 ResultSet rows = connection.createStatement().executeQuery("SELECT 1 FROM " + table + " LIMIT 1")) {
                return rows.next();
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot read the event store", e);
            }
        };
    }

    /**
     * db-scheduler keeps Axon's deadlines (such as a secret's expiry) in the event store's H2 database, so they
     * survive a restart; Axon's db-scheduler auto-configuration supplies the tasks and the deadline manager.
     */
    @Bean
    Scheduler deadlineScheduler(DataSource dataSource, List<Task<?>> tasks) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS scheduled_tasks (
                      task_name VARCHAR(100) NOT NULL, task_instance VARCHAR(100) NOT NULL, task_data BLOB,
                      execution_time TIMESTAMP WITH TIME ZONE NOT NULL, picked BOOLEAN NOT NULL,
                      picked_by VARCHAR(50), last_success TIMESTAMP WITH TIME ZONE,
                      last_failure TIMESTAMP WITH TIME ZONE, consecutive_failures INT,
                      last_heartbeat TIMESTAMP WITH TIME ZONE, version BIGINT NOT NULL,
                      PRIMARY KEY (task_name, task_instance))""");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the deadline table", e);
        }
        return Scheduler.create(dataSource, tasks).threads(2).pollingInterval(Duration.ofSeconds(1)).build();
    }

    /** Runs due deadlines once everything else has started, and stops before it stops. */
    @Bean
    SmartLifecycle deadlineSchedulerLifecycle(Scheduler deadlineScheduler) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                deadlineScheduler.start();
                running = true;
            }

            @Override
            public void stop() {
                deadlineScheduler.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MAX_VALUE - 1_000;
            }
        };
    }

    /**
     * The projection store's backend, which also lets a writer wait until its write is in the file, opens the
     * file again should the MVStore close itself after a failed write, and copies the file once it is mostly holes.
     */
    @Bean(destroyMethod = "")
    ReopeningProjectionStore projectionStoreBackend(SecretLedgerProperties properties) {
        try {
            Files.createDirectories(properties.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + properties.dataDir(), e);
        }
        ReopeningProjectionStore store = new ReopeningProjectionStore(
                properties.dataDir().resolve(PROJECTION_FILE), () -> projectionBackend(properties.dataDir()));
        store.compactEvery(COMPACTION_CHECK);
        return store;
    }

    /**
     * After the projection store was opened again, the processors' tokens in memory may be ahead of the file's: each
     * processor is started again (on a thread of its own, not the request's), and goes on from its stored token.
     */
    @Bean
    SmartInitializingSingleton restartProcessorsAfterReopen(ReopeningProjectionStore projectionStoreBackend,
                                                            ObjectProvider<EventProcessingConfiguration> processing) {
        return () -> projectionStoreBackend.afterReopen(() -> {
            Thread restart = new Thread(() -> processing.getObject().eventProcessors().values().forEach(processor -> {
                processor.shutDown();
                processor.start();
            }), "restart-processors");
            restart.setDaemon(true);
            restart.start();
        });
    }

    @Bean(destroyMethod = "shutdownNow")
    MongoServer embeddedMongoServer(ReopeningProjectionStore projectionStoreBackend) {
        return serve(projectionStoreBackend);
    }

    /** The projection store of a data directory, served on a free loopback port. */
    static MongoServer projectionServer(Path dataDir) {
        return serve(projectionBackend(dataDir));
    }

    static WholeCommandCommits projectionBackend(Path dataDir) {
        return projectionBackend(dataDir, WholeCommandCommits.RETENTION_MILLIS);
    }

    static WholeCommandCommits projectionBackend(Path dataDir, int retentionMillis) {
        // Pages are LZF-compressed: mongo-java-server stores documents and index keys Java-serialized, a class
        // descriptor per value (a 150-byte name claim took 427 bytes), which LZF takes to about a third (issue 18).
        // Pages written before are read as they are; each page says whether it is compressed.
        MVStore store = new MVStore.Builder()
                .fileName(dataDir.resolve(PROJECTION_FILE).toString())
                .autoCommitDisabled()
                .compress()
                .open();
        // Every 100 ms, between commands: a crash loses at most that much of projections and tokens together,
        // and the processors then redo it (idempotent handlers).
        return new WholeCommandCommits(store, 100, retentionMillis);
    }

    static MongoServer serve(de.bwaldvogel.mongo.MongoBackend backend) {
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        return server;
    }

    /** The projection store in the health endpoint, asked with a command the embedded server answers. */
    @Bean
    HealthIndicator projectionStoreHealthIndicator(MongoClient mongoClient) {
        return () -> {
            try {
                mongoClient.getDatabase("admin").runCommand(new org.bson.Document("ping", 1));
                return Health.up().build();
            } catch (RuntimeException e) {
                return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
            }
        };
    }

    @Bean(destroyMethod = "close")
    MongoClient mongoClient(MongoServer embeddedMongoServer) {
        InetSocketAddress address = embeddedMongoServer.getLocalAddress();
        return MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    }


    private static boolean tableExists(DataSource dataSource, String table) {
        try (Connection connection = dataSource.getConnection();
             ResultSet tables = connection.getMetaData().getTables(null, null, table.toUpperCase(), null)) {
            return tables.next();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot open the event store", e);
        }
    }
}
