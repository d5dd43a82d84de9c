package io.secretledger.infra.embedded;

import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gives an MVStore file back the space between its chunks, online: live chunks are moved into the holes nearer the
 * start of the file and the freed end is cut off, up to {@link #MOVE_BYTES} at a time.
 * <p>
 * Rewriting sparse chunks (the MVStore's housekeeping, and {@link WholeCommandCommits}'s reclaim) frees whole chunks,
 * but their space stays a hole inside the file: new chunks reuse holes they fit in, and the file never shrinks
 * while a live chunk sits after them. H2 moves chunks only when its allocations start failing to fit (a
 * "fragmented" file), so a file that grew once, for a burst of writes or a restart's replay, kept its size: an
 * offline inspection after the storage benchmark found the event store's chunks 96 % full and its file 32 % full
 * (issue 18). The move is H2's own ({@link RandomAccessStore#compactMoveChunks}, which the MVStore runs itself when it
 * closes): the store header is written and synced before a chunk is overwritten, and the file is synced before it
 * is truncated. It runs under the store's lock, so the store's writes wait for it (a round of 16 MB with its few
 * syncs). Only the projection store runs it so far: on the event store, H2's {@code BACKUP TO} copies the file
 * without the store's lock, so a move there waits until backups can pause it (ADR 0019, session 14).
 */
final class FileCompaction {

    /** Chunks are moved while the file is less full than this (percent of its blocks in chunks, live or dead). */
    static final int FILL_RATE = 85;
    /**
     * At most this many bytes of chunks are moved a round. A chunk larger than this is never moved (H2 picks whole
     * chunks up to the limit), so a large chunk at the end of the file kept every hole before it: 4 MB left a file
     * of 19 MB 26 % full for good after a rewrite of 4 MB of documents had gone into one chunk.
     */
    static final long MOVE_BYTES = 16L << 20;
    /**
     * {@code -Dsecretledger.storage.reclaim=false} switches off what this service adds to H2's own housekeeping: the
     * projection store's reclaim and both stores' chunk moves (the files then grow as before issue 18). For the
     * benchmark's A/B of request latencies with and without them; not meant for a service.
     */
    static final boolean RECLAIM = Boolean.parseBoolean(System.getProperty("secretledger.storage.reclaim", "true"));
    /** Below this much free space nothing is moved: a move may need room at the end of the file for a while. */
    private static final long MIN_FREE = 64L << 20;

    private FileCompaction() {
    }

    /**
     * Drops the chunks whose pages all died, then moves up to {@link #MOVE_BYTES} of chunks if the file is less than
     * {@link #FILL_RATE} full, when there is room on its disk. Should the move fail, H2 closes the store (as after any
     * failed write); the projection store opens it again ({@link ReopeningProjectionStore}).
     */
    static void moveChunks(MVStore store) {
        if (store.isClosed() || !(store.getFileStore() instanceof RandomAccessStore file) || !file.isSpaceReused()
                || !roomOnDisk(Path.of(file.getFileName()))) {
            return;
        }
        // Not gated on the fill rate read here: chunks whose pages all died still count as used until H2 drops
        // them, which it does on a commit or right here, before it compares the rate. A store that no longer
        // commits (idle after a burst of deletes) otherwise kept its dead chunks and its size.
        file.compactMoveChunks(FILL_RATE, MOVE_BYTES, store);
    }

    private static boolean roomOnDisk(Path file) {
        try {
            return Files.getFileStore(file).getUsableSpace() >= MIN_FREE + MOVE_BYTES;
        } catch (IOException e) {
            return false;
        }
    }
}
