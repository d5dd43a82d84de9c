package io.secretledger.infra.embedded;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every two seconds, moves the event store's chunks into the holes of its file and cuts off the freed end
 * ({@link FileCompaction}); H2's own housekeeping rewrites sparse chunks but leaves the holes they free. Stops
 * before the database closes, letting a move finish (an interrupt during its I/O would close H2's file). Not
 * registered as a bean yet: H2's {@code BACKUP TO} copies the file without the store's lock, so backups must pause
 * it first (ADR 0019, session 14).
 */
final class EventStoreCompaction implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventStoreCompaction.class);
    private static final long EVERY_MILLIS = 2_000;

    private final DataSource dataSource;
    private ScheduledExecutorService timer;

    EventStoreCompaction(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The MVStore under the event store's H2 database: the same object for as long as the database is open. */
    static MVStore mvStore(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            return session.getDatabase().getStore().getMvStore();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the event store's file", e);
        }
    }

    @Override
    public synchronized void start() {
        MVStore store = mvStore(dataSource);
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "event-store-compaction");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                FileCompaction.moveChunks(store);
            } catch (RuntimeException e) {
                log.warn("Cannot move chunks in the event store: {}", e.toString());
            }
        }, EVERY_MILLIS, EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdown();
            try {
                timer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
