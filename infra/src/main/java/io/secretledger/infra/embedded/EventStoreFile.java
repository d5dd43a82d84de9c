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
 * The event store's file while the service runs: every second the live pages of its sparsest chunks are written
 * again, so that whole chunks die and new chunks reuse their space, and backups copy it with the rewrites paused.
 * H2's own housekeeping did the rewrites, together with moves of chunks inside the open file; those moves are off
 * ({@code AUTO_COMPACT_FILL_RATE=0} turns off both, so the rewrites are made here), because H2 2.4.240's move can close
 * the store ({@link FileCompaction}). The file then does not grow past its largest size, and a file left mostly holes
 * is copied into a smaller one before the database first opens it ({@link #compactIfSparse}).
 * <p>
 * H2's {@code BACKUP TO} commits, stops the store reusing space and copies the file without the store's lock; a
 * round of rewrites and a copy take one lock, so rounds due while a copy runs are skipped (their pages would only go
 * after the copied ones). Stopping lets a round finish: an interrupt during its I/O would close H2's file.
 */
final class EventStoreFile implements SmartLifecycle, EventStoreCopies {

    private static final Logger log = LoggerFactory.getLogger(EventStoreFile.class);
    static final long EVERY_MILLIS = 1_000;
    /** While its chunks are less full than this, the sparsest are rewritten, this many live bytes a round at most. */
    private static final int REWRITE_FILL_RATE = 80;
    private static final int REWRITE_BYTES = 2 << 20;

    private final DataSource dataSource;
    private final ReentrantLock rewritesOrCopy = new ReentrantLock();
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

    /**
     * Copies the file of an H2 database that is not open yet ({@code jdbc:h2:file:<path>;...}) if it is mostly holes
     * (H2's {@code SHUTDOWN COMPACT}, made before the first connection instead of after the last).
     */
    static void compactIfSparse(String jdbcUrl) {
        String prefix = "jdbc:h2:file:";
        if (jdbcUrl != null && jdbcUrl.startsWith(prefix)) {
            String path = jdbcUrl.substring(prefix.length()).split(";", 2)[0];
            FileCompaction.compactIfSparse(Path.of(path + org.h2.engine.Constants.SUFFIX_MV_FILE));
        }
    }

    /**
     * One round of rewrites, unless a copy is being made or the disk is nearly full (then the round is skipped; the
     * next one comes soon).
     */
    boolean rewriteSparseChunks(MVStore store) {
        if (!rewritesOrCopy.tryLock()) {
            return false;
        }
        try {
            if (!store.isClosed()
                    && FileCompaction.roomToRewrite(Path.of(store.getFileStore().getFileName()), REWRITE_BYTES)) {
                store.compact(REWRITE_FILL_RATE, REWRITE_BYTES);
            }
            return true;
        } finally {
            rewritesOrCopy.unlock();
        }
    }

    @Override
    public void copyTo(Path zip) {
        rewritesOrCopy.lock();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("BACKUP TO '" + zip.toAbsolutePath().toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot back up the event store: " + e.getMessage(), e);
        } finally {
            rewritesOrCopy.unlock();
        }
    }

    @Override
    public synchronized void start() {
        if (!FileCompaction.RECLAIM) {
            return;
        }
        MVStore store = mvStore(dataSource);
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "event-store-rewrites");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                rewriteSparseChunks(store);
            } catch (RuntimeException e) {
                log.warn("Cannot rewrite sparse chunks in the event store: {}", e.toString());
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
