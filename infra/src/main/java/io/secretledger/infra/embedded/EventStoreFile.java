package io.secretledger.infra.embedded;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The event store's file while the service runs: every two seconds its chunks are moved into the holes H2's own
 * housekeeping leaves and the freed end is cut off ({@link FileCompaction}), and backups copy it with the moves
 * paused. H2's {@code BACKUP TO} commits, stops the store reusing space (a move that starts after that does
 * nothing) and copies the file without the store's lock; a move already under way when it stopped reusing space
 * would go on overwriting holes and cutting off the end of the file under the copy (the review of session 14). A
 * round of moves and a copy therefore take one lock: a copy waits for the round under way (at most
 * {@link FileCompaction#MOVE_BYTES}), and rounds due while a copy runs are skipped. The window is narrow (30 copies
 * beside 3,300 rounds without the lock all opened whole), so the test checks the exclusion itself. Stopping lets a
 * round finish: an interrupt during its I/O would close H2's file.
 */
final class EventStoreFile implements SmartLifecycle, EventStoreCopies {

    private static final Logger log = LoggerFactory.getLogger(EventStoreFile.class);
    static final long EVERY_MILLIS = 2_000;

    private final DataSource dataSource;
    private final ReentrantLock movesOrCopy = new ReentrantLock();
    private ScheduledExecutorService timer;

    EventStoreFile(DataSource dataSource) {
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

    /** One round of moves, unless a copy is being made (then the round is skipped; the next one comes soon). */
    boolean moveChunks(MVStore store) {
        if (!movesOrCopy.tryLock()) {
            return false;
        }
        try {
            FileCompaction.moveChunks(store);
            return true;
        } finally {
            movesOrCopy.unlock();
        }
    }

    @Override
    public void copyTo(Path zip) {
        movesOrCopy.lock();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("BACKUP TO '" + zip.toAbsolutePath().toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot back up the event store: " + e.getMessage(), e);
        } finally {
            movesOrCopy.unlock();
        }
    }

    @Override
    public synchronized void start() {
        if (!FileCompaction.RECLAIM) {
            return;
        }
        MVStore store = mvStore(dataSource);
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "event-store-moves");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                moveChunks(store);
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
