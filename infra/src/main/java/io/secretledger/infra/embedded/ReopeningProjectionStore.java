package io.secretledger.infra.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The projection store as the embedded MongoDB server serves it, opened again from its file when the MVStore closed
 * itself. An MVStore that fails a write (a full disk) closes for good: every later request answered "This store is
 * closed" until a restart (issue 18). The file holds the last whole commit (see {@link WholeCommandCommits}), so the
 * next request after such a failure opens the file again and goes on from there; what the failed commit held is
 * lost as a crash would lose it, and the event processors are started again, so that they go on from the tokens
 * in the file and write it again.
 * <p>
 * It also gives the file back its holes: once the file is mostly holes, it is closed, copied and opened again under
 * requests' exclusion ({@link #compactIfSparse}); and at start, before the file is first opened.
 */
final class ReopeningProjectionStore implements MongoBackend, ProjectionStoreCommits, ProjectionStoreCopies {

    private static final Logger log = LoggerFactory.getLogger(ReopeningProjectionStore.class);

    private final Supplier<WholeCommandCommits> opener;
    private final Path file;
    private volatile WholeCommandCommits current;
    private volatile boolean closed;
    private volatile MongoVersion version;
    private final List<Runnable> afterReopen = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Every request holds it shared; a compaction holds it alone while the store is closed, copied and opened. */
    private final ReadWriteLock requests = new ReentrantReadWriteLock();
    private ScheduledExecutorService compactions;

    ReopeningProjectionStore(Path file, Supplier<WholeCommandCommits> opener) {
        this.file = file;
        this.opener = opener;
        FileCompaction.compactIfSparse(file);
        this.current = opener.get();
    }

    /** The open store, opened again first if the one before closed itself. Called with {@link #requests} held. */
    private WholeCommandCommits store() {
        WholeCommandCommits store = current;
        if (!store.storeClosed() || closed) {
            return store;
        }
        synchronized (this) {
            if (current == store && !closed) {
                try {
                    store.close();
                } catch (RuntimeException e) {
                    log.debug("Closing the failed projection store", e);
                }
                current = open();
                log.warn("The projection store had closed itself after a failed write; opened it again from its file");
                afterReopen.forEach(Runnable::run);
            }
            return current;
        }
    }

    private WholeCommandCommits open() {
        WholeCommandCommits store = opener.get();
        if (version != null) {
            store.version(version);
        }
        return store;
    }

    private <T> T onStore(Function<WholeCommandCommits, T> request) {
        requests.readLock().lock();
        try {
            return request.apply(store());
        } finally {
            requests.readLock().unlock();
        }
    }

    private void alsoOnStore(Consumer<WholeCommandCommits> request) {
        onStore(store -> {
            request.accept(store);
            return null;
        });
    }

    /** The store open now (tests close its MVStore as a failed write does). */
    WholeCommandCommits current() {
        return current;
    }

    /** Runs after each reopening, on the thread of the request that found the store closed: keep it short. */
    void afterReopen(Runnable action) {
        afterReopen.add(action);
    }

    /** Looks every {@code every} whether the file is sparse enough to be {@linkplain #compactIfSparse copied}. */
    synchronized void compactEvery(Duration every) {
        if (compactions != null || !FileCompaction.RECLAIM) {
            return;
        }
        compactions = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "projection-store-compaction");
            thread.setDaemon(true);
            return thread;
        });
        compactions.scheduleWithFixedDelay(() -> {
            try {
                compactIfSparse();
            } catch (RuntimeException e) {
                log.warn("Cannot compact the projection store: {}", e.toString());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The reclaim frees chunks, but a file that grew once (a burst of writes, a rebuild, a mass delete) keeps its size
     * while a live chunk sits at its end: once it is mostly holes, requests wait while the store is closed (its last
     * commit is then a whole command, as always), copied into a new file ({@link FileCompaction}) and opened again.
     * Nothing is lost, so the processors go on as they were. A cursor open across the copy would be lost with the
     * store it was read from, so a copy waits until none is open. Returns whether the file was copied.
     */
    boolean compactIfSparse() {
        WholeCommandCommits store = current;
        if (closed || !store.sparse() || store.openCursors() > 0) {
            return false;
        }
        requests.writeLock().lock();
        try {
            store = current;
            // Asked again under the lock: a reclaim between the first look and the lock may have made it dense.
            if (closed || store.storeClosed() || store.openCursors() > 0 || !store.sparse()) {
                return false;
            }
            store.close();
            try {
                FileCompaction.compact(file);
            } finally {
                current = open();
            }
            return true;
        } finally {
            requests.writeLock().unlock();
        }
    }

    @Override
    public void handleClose(Channel channel) {
        alsoOnStore(store -> store.handleClose(channel));
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        return onStore(store -> store.handleCommand(channel, database, command, query));
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        return onStore(store -> store.handleQuery(query));
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        return onStore(store -> store.handleMessage(message));
    }

    @Override
    public void dropDatabase(String database) {
        alsoOnStore(store -> store.dropDatabase(database));
    }

    @Override
    public Collection<Document> getCurrentOperations(MongoQuery query) {
        return onStore(store -> store.getCurrentOperations(query));
    }

    @Override
    public Document getServerStatus() {
        return onStore(WholeCommandCommits::getServerStatus);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (compactions != null) {
                compactions.shutdownNow();
            }
        }
        requests.writeLock().lock();
        try {
            closed = true;
            current.close();
        } finally {
            requests.writeLock().unlock();
        }
    }

    @Override
    public void closeCursors(List<Long> cursorIds) {
        alsoOnStore(store -> store.closeCursors(cursorIds));
    }

    @Override
    public Clock getClock() {
        return onStore(WholeCommandCommits::getClock);
    }

    @Override
    public void enableOplog() {
        alsoOnStore(WholeCommandCommits::enableOplog);
    }

    @Override
    public void disableOplog() {
        alsoOnStore(WholeCommandCommits::disableOplog);
    }

    @Override
    public MongoDatabase resolveDatabase(String database) {
        return onStore(store -> store.resolveDatabase(database));
    }

    @Override
    public MongoBackend version(MongoVersion version) {
        this.version = version;
        alsoOnStore(store -> store.version(version));
        return this;
    }

    @Override
    public void awaitCommit() {
        alsoOnStore(WholeCommandCommits::awaitCommit);
    }

    @Override
    public void copyTo(Path file) {
        alsoOnStore(store -> store.copyTo(file));
    }
}
