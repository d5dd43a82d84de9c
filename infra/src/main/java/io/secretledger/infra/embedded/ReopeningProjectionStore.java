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
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The projection store as the embedded MongoDB server serves it, opened again from its file when the MVStore closed
 * itself. An MVStore that fails a write (a full disk) closes for good: every later request answered "This store is
 * closed" until a restart (issue 18). The file holds the last whole commit (see {@link WholeCommandCommits}), so the
 * next request after such a failure opens the file again and goes on from there; what the failed commit held is
 * lost as a crash would lose it, and the event processors are started again, so that they go on from the tokens
 * in the file and write it again.
 */
final class ReopeningProjectionStore implements MongoBackend, ProjectionStoreCommits, ProjectionStoreCopies {

    private static final Logger log = LoggerFactory.getLogger(ReopeningProjectionStore.class);

    private final Supplier<WholeCommandCommits> opener;
    private volatile WholeCommandCommits current;
    private volatile boolean closed;
    private final List<Runnable> afterReopen = new java.util.concurrent.CopyOnWriteArrayList<>();

    ReopeningProjectionStore(Supplier<WholeCommandCommits> opener) {
        this.opener = opener;
        this.current = opener.get();
    }

    /** The open store, opened again first if the one before closed itself. */
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
                current = opener.get();
                log.warn("The projection store had closed itself after a failed write; opened it again from its file");
                afterReopen.forEach(Runnable::run);
            }
            return current;
        }
    }

    /** The store open now (tests close its MVStore as a failed write does). */
    WholeCommandCommits current() {
        return current;
    }

    /** Runs after each reopening, on the thread of the request that found the store closed: keep it short. */
    void afterReopen(Runnable action) {
        afterReopen.add(action);
    }

    @Override
    public void handleClose(Channel channel) {
        store().handleClose(channel);
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        return store().handleCommand(channel, database, command, query);
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        return store().handleQuery(query);
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        return store().handleMessage(message);
    }

    @Override
    public void dropDatabase(String database) {
        store().dropDatabase(database);
    }

    @Override
    public Collection<Document> getCurrentOperations(MongoQuery query) {
        return store().getCurrentOperations(query);
    }

    @Override
    public Document getServerStatus() {
        return store().getServerStatus();
    }

    @Override
    public void close() {
        closed = true;
        current.close();
    }

    @Override
    public void closeCursors(List<Long> cursorIds) {
        store().closeCursors(cursorIds);
    }

    @Override
    public Clock getClock() {
        return store().getClock();
    }

    @Override
    public void enableOplog() {
        store().enableOplog();
    }

    @Override
    public void disableOplog() {
        store().disableOplog();
    }

    @Override
    public MongoDatabase resolveDatabase(String database) {
        return store().resolveDatabase(database);
    }

    @Override
    public MongoBackend version(MongoVersion version) {
        store().version(version);
        return this;
    }

    @Override
    public void awaitCommit() {
        store().awaitCommit();
    }

    @Override
    public void copyTo(Path file) {
        store().copyTo(file);
    }
}
