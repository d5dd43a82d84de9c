package io.secretledger.infra.embedded;

import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The projection store's backend, whose file only ever holds whole commands: the MVStore commits every
 * {@code interval} between commands, never during one.
 * <p>
 * The MVStore's own auto-commit stores map by map, each as it is at that instant, while writes go on. A processor
 * writes its documents, then its token; a commit that took the documents' map before them and the tokens' map
 * after them put a token in the file ahead of the documents it stands for, and a SIGKILL then lost those events
 * for that projection for good (crash battery, issue 8; docs/adr/0002 addendum). A command's several maps (a
 * collection and its indexes) had the same exposure. Commands run under a shared lock and each commit takes it
 * exclusively, so every commit holds a prefix of the commands, and a token is never in the file without the
 * writes made before it. A writer that needs its write in the file before it goes on (a secret's name claim,
 * before the creation's event) asks for a commit and waits; writers waiting together share one.
 */
final class WholeCommandCommits extends H2Backend implements ProjectionStoreCommits, ProjectionStoreCopies {

    private static final Logger log = LoggerFactory.getLogger(WholeCommandCommits.class);

    /** How long a dead chunk's space stays untouched in the service's store: a few syncs of its file. */
    static final int RETENTION_MILLIS = 3_000;
    /**
     * While the chunks are less full than this, the sparsest are rewritten, at most this many live (compressed) bytes
     * a round. 16 MB a second, with compressed pages, kept the committer thread busy three quarters of a core reading
     * and writing pages again and brought creates at 35,000 secrets down to 9/s (storage bench, issue 18).
     */
    private static final int RECLAIM_FILL_RATE = 80;
    private static final int RECLAIM_WRITE_BYTES = 2 << 20;
    /** The free space below which the store does not commit (a commit writes its changed pages). */
    private static final long MIN_FREE_TO_COMMIT = 4L << 20;
    /** The MVStore file's block size: its first two blocks are the store headers. */
    private static final int HEADER_BLOCK = 4096;

    private final MVStore store;
    private final Path file;
    /** Only the committer thread reads and writes it. */
    private boolean lowOnSpace;
    private final long intervalMillis;
    /** How often sparse chunks are rewritten: a few times per retention time. */
    private final long reclaimEveryNanos;
    /** Only the committer thread reads and writes it. */
    private long lastReclaim = System.nanoTime();
    private final ReadWriteLock commands = new ReentrantReadWriteLock();
    private final Thread committer;
    /** Commits asked for by {@link #awaitCommit()}, and those done or failed: guarded by itself. */
    private final Object tickets = new Object();
    private long requested;
    private long completed;
    private long failedThrough;
    private volatile boolean closing;
    /** While a copy is made, the reclaim waits: it would rewrite pages only to leave their old space unused. */
    private volatile boolean copying;

    /**
     * Takes a store opened with its auto-commit disabled, so that only this writes its file; a dead chunk's space is
     * reused after {@code retentionMillis}.
     */
    WholeCommandCommits(MVStore store, long intervalMillis, int retentionMillis) {
        super(store);
        this.store = store;
        this.file = Path.of(store.getFileStore().getFileName());
        this.intervalMillis = intervalMillis;
        this.reclaimEveryNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(100, retentionMillis / 3));
        store.setRetentionTime(retentionMillis);
        this.committer = new Thread(this::commitUntilClosed, "projection-store-commits");
        committer.setDaemon(true);
        committer.start();
    }

    MVStore mvStore() {
        return store;
    }

    /** Whether the MVStore closed itself after a failed write (or was closed): nothing more can be written. */
    boolean storeClosed() {
        return store.isClosed();
    }

    /** Every interval, or at once when a writer waits for its write to be in the file. */
    private void commitUntilClosed() {
        while (!closing && !store.isClosed()) {
            long upTo;
            synchronized (tickets) {
                if (requested == completed) {
                    try {
                        tickets.wait(intervalMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                upTo = requested;
            }
            boolean done = commitBetweenCommands();
            reclaim();
            synchronized (tickets) {
                completed = Math.max(completed, upTo);
                if (!done) {
                    failedThrough = Math.max(failedThrough, upTo);
                }
                tickets.notifyAll();
            }
        }
    }

    private boolean commitBetweenCommands() {
        commands.writeLock().lock();
        try {
            if (store.hasUnsavedChanges()) {
                if (!roomToCommit()) {
                    return false;
                }
                store.commit();
            }
            return true;
        } catch (RuntimeException e) {
            // The next round tries again; until one succeeds a crash loses more, never a part of a command.
            log.error("Cannot commit the projection store", e);
            return false;
        } finally {
            commands.writeLock().unlock();
        }
    }

    /**
     * A commit that meets a full disk closes the MVStore for good, so a commit waits while the disk has less than
     * {@link #MIN_FREE_TO_COMMIT} free: the changes stay in memory (a crash loses them, as it loses any commit not
     * made yet) and writers waiting for the file are told it could not store their writes.
     */
    private boolean roomToCommit() {
        try {
            long usable = java.nio.file.Files.getFileStore(file).getUsableSpace();
            if (usable >= MIN_FREE_TO_COMMIT) {
                lowOnSpace = false;
                return true;
            }
        } catch (IOException e) {
            return true;
        }
        if (!lowOnSpace) {
            lowOnSpace = true;
            log.warn("The projection store waits to commit: its disk is nearly full");
        }
        return false;
    }

    /**
     * What the MVStore's background writer does and a store without auto-commit never runs: the live pages of sparse
     * chunks are written again, so that whole chunks die and their space is reused. Without it every commit left a
     * chunk with a few live pages behind, and the file grew by ~60 KB per secret created, for good (issue 18). Runs
     * beside the commands, not under their lock (the MVStore's maps take concurrent rewrites; the next commit
     * stores them), so requests do not wait for it. The file is synced first: chunks freed since the last sync are
     * reused only after the retention time, by which the header that no longer needs them is on the disk.
     */
    private void reclaim() {
        long now = System.nanoTime();
        if (!FileCompaction.RECLAIM || copying || now - lastReclaim < reclaimEveryNanos
                || !FileCompaction.roomToRewrite(file, RECLAIM_WRITE_BYTES)) {
            return;
        }
        lastReclaim = now;
        try {
            store.sync();
            store.compact(RECLAIM_FILL_RATE, RECLAIM_WRITE_BYTES);
        } catch (RuntimeException e) {
            log.warn("Cannot reclaim space in the projection store: {}", e.toString());
        }
    }

    /**
     * Whether the file is mostly holes and dead pages ({@link FileCompaction#sparse}): the reclaim frees chunks but
     * cannot shrink the file, so {@link ReopeningProjectionStore} then copies it while no command runs.
     */
    boolean sparse() {
        return !copying && FileCompaction.sparse(store);
    }

    /** Cursors a client has not read to their end: a copy that reopens the store would lose them. */
    int openCursors() {
        return getCursorRegistry().size();
    }

    @Override
    public void awaitCommit() {
        long ticket;
        synchronized (tickets) {
            ticket = ++requested;
            tickets.notifyAll();
            try {
                while (completed < ticket && !closing && !store.isClosed()) {
                    tickets.wait(1_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the projection store committed");
            }
            if (completed < ticket || failedThrough >= ticket) {
                throw new IllegalStateException("The projection store could not store this write");
            }
        }
    }

    /**
     * A copy of the file as the commit made between two commands left it. A copy of the maps read in memory at a
     * pinned version had a processor's token or the audit log's head ahead of the documents they stand for (the
     * backup test, 3 runs in 4): mongo-java-server updates a stored document in place, and an old version shares
     * the document object with the new one. The file's bytes do not change: under the
     * lock the store commits, stops reusing space (new chunks go after the old ones, nothing is rewritten) and its
     * two header blocks are read; the rest is copied after the lock, while commands go on. Opening the copy is a
     * restart after that commit. A later chunk the copy caught whole or in part is ignored or, whole, also a commit
     * between two commands.
     */
    @Override
    public void copyTo(Path file) {
        Path source = this.file;
        byte[] headers = new byte[2 * HEADER_BLOCK];
        long length;
        commands.writeLock().lock();
        try {
            copying = true;
            store.setReuseSpace(false);
            store.commit();
            try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
                length = in.size();
                ByteBuffer header = ByteBuffer.wrap(headers, 0, (int) Math.min(headers.length, length));
                while (header.hasRemaining() && in.read(header, header.position()) > 0) {
                    // a local file gives its first 8 KiB at once; the loop only guards the contract
                }
            }
        } catch (IOException | RuntimeException e) {
            resumeAfterCopy();
            throw e instanceof IOException io ? new UncheckedIOException("Cannot copy the projection store", io)
                    : (RuntimeException) e;
        } finally {
            commands.writeLock().unlock();
        }
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(headers, 0, (int) Math.min(headers.length, length)));
            for (long at = headers.length; at < length; ) {
                at += in.transferTo(at, length - at, out);
            }
            out.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the projection store", e);
        } finally {
            resumeAfterCopy();
        }
    }

    private void resumeAfterCopy() {
        store.setReuseSpace(true);
        copying = false;
    }

    private <T> T whole(Supplier<T> command) {
        commands.readLock().lock();
        try {
            return command.get();
        } finally {
            commands.readLock().unlock();
        }
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        return whole(() -> super.handleCommand(channel, database, command, query));
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        return whole(() -> super.handleQuery(query));
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        return whole(() -> super.handleMessage(message));
    }

    @Override
    public void dropDatabase(String database) {
        whole(() -> {
            super.dropDatabase(database);
            return null;
        });
    }

    @Override
    public void close() {
        closing = true;
        // Woken, not interrupted: an interrupt during the file's I/O (a commit, a reclaim) closes H2's file channel.
        synchronized (tickets) {
            tickets.notifyAll();
        }
        try {
            committer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        commands.writeLock().lock();
        try {
            super.close();
        } finally {
            commands.writeLock().unlock();
        }
    }
}
