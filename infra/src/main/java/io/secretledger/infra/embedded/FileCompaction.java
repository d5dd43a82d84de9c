package io.secretledger.infra.embedded;

import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Gives a sparse MVStore file back its holes by copying its live pages into a new file that then replaces it, while
 * nothing has the file open: H2's own offline compaction ({@code SHUTDOWN COMPACT}), with the copy synced before it
 * takes the file's name.
 * <p>
 * Rewriting sparse chunks (H2's housekeeping, the projection store's reclaim, the event store's rewrites) frees whole
 * chunks, but their space stays a hole inside the file: new chunks reuse holes they fit in, so the file does not grow
 * past its largest size, but it never shrinks while a live chunk sits after them. H2 2.4.240 can move chunks into
 * the holes of an open file, and until session 21 this service made it do so every two seconds; that move can pick a
 * hole that runs across the old end of the file, where {@code FreeSpaceBitSet.allocate} asserts ({@code end < 0}) and
 * the MVStore closes ("The database has been closed" under load), and without assertions the chunk overwrites space
 * the synced header still names (fixed only in H2 2.5, which loses commits after a SIGKILL). A copy moves nothing in
 * place: the old file stays whole until the new one, synced, replaces it by an atomic rename; a crash before the rename
 * leaves a temporary file that {@link MVStoreTool#compactCleanUp} removes before the next open (ADR 0019, session 22).
 */
final class FileCompaction {

    private static final Logger log = LoggerFactory.getLogger(FileCompaction.class);

    /** A file is copied when less than this share of it (percent) holds live pages. */
    static final int LIVE_PERCENT = 60;
    /** Smaller files are never copied: the holes of a small file are a few chunks. */
    static final long MIN_BYTES = 4L << 20;
    /**
     * {@code -Dsecretledger.storage.reclaim=false} switches off what this service adds to H2's own housekeeping: the
     * rewrites of sparse chunks and these copies (the files then grow as before issue 18). For the benchmark's A/B of
     * request latencies with and without them; not meant for a service.
     */
    static final boolean RECLAIM = Boolean.parseBoolean(System.getProperty("secretledger.storage.reclaim", "true"));

    /**
     * The free space below which nothing here writes pages again: a rewrite stores its new chunks before the old ones
     * die, and a copy writes a second file. Without it the rewrites, every second, ate the disk space guard's reserve
     * and an event store write then met a full disk, which closes the MVStore for good (FullDiskTest, session 23).
     */
    static final long MIN_FREE_TO_REWRITE = 16L << 20;

    private FileCompaction() {
    }

    /**
     * Whether the disk of {@code file} has {@code bytes} free beyond {@link #MIN_FREE_TO_REWRITE}; false when its free
     * space cannot be read (a rewrite can wait, a write that fails cannot be taken back).
     */
    static boolean roomToRewrite(Path file, long bytes) {
        try {
            Path existing = file.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            return existing != null && Files.getFileStore(existing).getUsableSpace() >= MIN_FREE_TO_REWRITE + bytes;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The share of an open store's file (percent) that holds live pages: its chunks' share times their fill. */
    static int livePercent(MVStore store) {
        FileStore<?> file = store.getFileStore();
        return store.getFillRate() * file.getChunksFillRate() / 100;
    }

    /**
     * Whether an open store's file is worth a copy and can have one: large enough, mostly holes and dead pages, and
     * on a disk with room for a second file of its size.
     */
    static boolean sparse(MVStore store) {
        return RECLAIM && !store.isClosed() && store.getFileStore().size() >= MIN_BYTES
                && livePercent(store) < LIVE_PERCENT
                && roomToRewrite(Path.of(store.getFileStore().getFileName()), store.getFileStore().size());
    }

    /**
     * Removes what a copy cut off by a crash left, then copies a closed store's file if it is {@link #sparse}. Returns
     * whether it was copied.
     */
    static boolean compactIfSparse(Path file) {
        String name = file.toString();
        MVStoreTool.compactCleanUp(name);
        if (!RECLAIM || !Files.exists(file) || size(file) < MIN_BYTES) {
            return false;
        }
        boolean sparse;
        try (MVStore store = new MVStore.Builder().fileName(name).readOnly().open()) {
            sparse = sparse(store);
        }
        if (sparse) {
            compact(file);
        }
        return sparse;
    }

    /** Copies a closed store's live pages into a new file, syncs it, and gives it the old file's name. */
    static void compact(Path file) {
        long before = size(file);
        long started = System.nanoTime();
        String name = file.toString();
        Path copy = Path.of(name + org.h2.engine.Constants.SUFFIX_MV_STORE_TEMP_FILE);
        MVStore.compact(name, copy.toString(), true, null);
        try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot sync the compacted copy of " + file, e);
        }
        MVStoreTool.moveAtomicReplace(copy.toString(), name);
        syncDirectory(file.toAbsolutePath().getParent());
        log.info("Compacted {}: {} -> {} bytes in {} ms", file.getFileName(), before, size(file),
                (System.nanoTime() - started) / 1_000_000);
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every file system lets a directory be opened; the rename is then as durable as it makes it.
            log.debug("Cannot sync the directory {}", directory, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
