package io.secretledger.infra.embedded;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes the H2 store's committed transactions to its file (and, when {@code sync}, forces the file to the disk)
 * for many committers at once: a group commit.
 * <p>
 * Each committer calls {@link #await()} after its transaction committed in memory. The first to arrive while no
 * write runs writes everything committed until then with one {@code CHECKPOINT} and releases every committer
 * that arrived before it started; those arriving during a write wait for the next one, which writes them all.
 * One file write (and one fsync) thus serves as many commits as arrived meanwhile, where a write per commit
 * ({@code WRITE_DELAY=0}) cost each commit its own chunk of pages (bench JFR: a quarter of a reveal's CPU).
 */
final class GroupCheckpoint {

    private final DataSource dataSource;
    private final boolean sync;
    /** Synced before each synced checkpoint: files the events of that checkpoint may depend on. */
    private final FilesSyncedWithEvents files;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    /** Committers counted so far, and how many of them the last finished write covered. */
    private long arrived;
    private long covered;
    private boolean writing;
    private long writes;
    private final Timer duration;
    private final DistributionSummary groups;

    GroupCheckpoint(DataSource dataSource, boolean sync, MeterRegistry meters) {
        this(dataSource, sync, meters, new FilesSyncedWithEvents());
    }

    GroupCheckpoint(DataSource dataSource, boolean sync, MeterRegistry meters, FilesSyncedWithEvents files) {
        this.dataSource = dataSource;
        this.files = files;
        this.sync = sync;
        this.duration = Timer.builder("secretledger.event-store.checkpoint")
                .description("Time to write (and sync) the event store's commits to its file, once per group")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.groups = DistributionSummary.builder("secretledger.event-store.group-commit")
                .description("Units of work made durable by one checkpoint")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    /** Returns once everything committed before the call is in the file (and on the disk when syncing). */
    void await() {
        lock.lock();
        try {
            long mine = ++arrived;
            while (covered < mine) {
                if (writing) {
                    written.awaitUninterruptibly();
                    continue;
                }
                writing = true;
                long upTo = arrived;
                lock.unlock();
                try {
                    duration.record(this::checkpoint);
                } finally {
                    lock.lock();
                    writing = false;
                    written.signalAll();
                }
                groups.record(upTo - covered);
                covered = Math.max(covered, upTo);
                writes++;
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many writes served the committers so far (group commits make it smaller than their number). */
    long writes() {
        lock.lock();
        try {
            return writes;
        } finally {
            lock.unlock();
        }
    }

    private void checkpoint() {
        if (sync) {
            files.sync();
        }
        try (Connection connection = dataSource.getConnection(); Statement checkpoint = connection.createStatement()) {
            checkpoint.execute(sync ? "CHECKPOINT SYNC" : "CHECKPOINT");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write the event store's commits to its file", e);
        }
    }
}
