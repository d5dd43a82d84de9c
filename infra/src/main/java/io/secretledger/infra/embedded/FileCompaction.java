package io.secretledger.infra.embedded;

import org.h2.mvstore.Chunk;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

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
 * syncs). Backups of the event store pause it ({@link EventStoreFile}).
 * <p>
 * <b>Only rounds that put no chunk at the end of the file.</b> H2 2.4.240's round moves each chosen chunk into
 * a hole before the lowest chosen one, or to the end of the file when none fits; it then writes the metadata
 * chunk, moves the chunks it had put at the end back inside, and tries to move the metadata chunk below the old
 * end ({@code moveChunkInside}). That last step asks for the first hole the chunk fits in and accepts it if it
 * <em>starts</em> below the old end, so once the chunks put at the end have moved back, a hole that runs across the
 * old end is taken: the metadata chunk is written over the space those chunks have just left, which the metadata
 * on the disk still points at until the next chunk is synced. With assertions on (every test run) the
 * {@code assert end < 0} in {@code FreeSpaceBitSet.allocate} sees that hole and throws; the MVStore takes any error
 * of a file operation as fatal and closes, so every later statement fails ("The database has been closed",
 * {@code ReadmeTourTest}). H2 fixed it after 2.4.240 (h2database commits 8492b8c2, "fix corner case with improper
 * allocation in moveChunkInside", which asks for the whole chunk below the boundary, and 98b5bd5e, which drops the
 * assertion); 2.5.x, which has them, loses acknowledged commits (ADR 0019, session 10). A round that puts no chunk
 * at the end never gets there: the metadata chunk then lies inside or right at the old end, so no hole can run
 * across it. So a round here is only as large as lets H2 place every chunk it chooses before the lowest of them
 * (16 MB, halved until it does; none if nothing fits): that is played first on a copy of H2's free-space map,
 * choosing and placing as H2 does, in the state H2 will choose from. H2's public {@code compactMoveChunks} does not
 * let a caller reach that state, so this does what that method does (under the store's lock, with the store's
 * pending writes done: drop the dead chunks, then, under the chunk lock, check the fill rate and make the round with
 * its private {@code compactMoveChunks(long)}), with the check between the drop and the round; the internals are
 * reached by reflection. Calling the public method from inside the store's lock instead deadlocks: a round releases
 * the serialization lock once to write its metadata chunk, and it would be held twice.
 * {@link FileCompactionTest} met the assertion within about 2 s with H2's rounds called directly, never with these.
 * H2's own background housekeeping still makes unguarded rounds when its allocations fail ("fragmented"); seen once
 * in a stress run here, it is open (ADR 0019).
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
    /** H2's block: the unit of its free-space map (package-private {@code FileStore.BLOCK_SIZE}). */
    private static final int BLOCK_SIZE = 4096;
    /**
     * What H2 2.4.240 does not publish: {@code RandomAccessStore.freeSpace} and its {@code FreeSpaceBitSet.set} (a
     * set bit is a used block), {@code FileStore.saveChunkLock}, and the round itself,
     * {@code RandomAccessStore.compactMoveChunks(long)}. Should a later H2 lack one, chunks are no longer moved
     * (logged once) rather than moved unguarded; {@code EventStoreFileTest} then fails, as the file stays large.
     */
    private static final Field FREE_SPACE;
    private static final Field USED_BLOCKS;
    private static final Field SAVE_CHUNK_LOCK;
    private static final Method MOVE;
    private static final Method GET_CHUNKS;
    private static final Method MOVE_PRIORITY;

    static {
        Field freeSpace = null;
        Field usedBlocks = null;
        Field saveChunkLock = null;
        Method move = null;
        Method getChunks = null;
        Method movePriority = null;
        try {
            freeSpace = RandomAccessStore.class.getDeclaredField("freeSpace");
            usedBlocks = freeSpace.getType().getDeclaredField("set");
            saveChunkLock = FileStore.class.getDeclaredField("saveChunkLock");
            move = RandomAccessStore.class.getDeclaredMethod("compactMoveChunks", long.class);
            getChunks = FileStore.class.getDeclaredMethod("getChunks");
            movePriority = freeSpace.getType().getDeclaredMethod("getMovePriority", int.class);
            getChunks.setAccessible(true);
            movePriority.setAccessible(true);
            freeSpace.setAccessible(true);
            usedBlocks.setAccessible(true);
            saveChunkLock.setAccessible(true);
            move.setAccessible(true);
            if (usedBlocks.getType() != BitSet.class || saveChunkLock.getType() != ReentrantLock.class) {
                move = null;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            move = null;
        }
        if (move == null) {
            LoggerFactory.getLogger(FileCompaction.class)
                    .warn("This H2 does not have the chunk moves this service guards: chunks are not moved");
        }
        FREE_SPACE = freeSpace;
        USED_BLOCKS = usedBlocks;
        SAVE_CHUNK_LOCK = saveChunkLock;
        MOVE = move;
        GET_CHUNKS = getChunks;
        MOVE_PRIORITY = movePriority;
    }

    private FileCompaction() {
    }

    /**
     * Drops the chunks whose pages all died, then moves up to {@link #MOVE_BYTES} of chunks (no more than H2 can
     * place without putting one at the end of the file) if the file is less than {@link #FILL_RATE} full, when there
     * is room on its disk. Should the move fail, H2 closes the store (as after any failed write); the projection store
     * opens it again ({@link ReopeningProjectionStore}).
     */
    static void moveChunks(MVStore store) {
        moveChunks(store, FILL_RATE, MOVE_BYTES);
    }

    /** {@link #moveChunks(MVStore)} with another fill rate and round size (the tests use them to stress a store). */
    static void moveChunks(MVStore store, int fillRate, long moveBytes) {
        if (store.isClosed() || !(store.getFileStore() instanceof RandomAccessStore file) || !file.isSpaceReused()
                || MOVE == null || !roomOnDisk(Path.of(file.getFileName()))) {
            return;
        }
        // The store's lock, its pending chunk writes done, and its serialization lock, as H2's own method takes
        // them; an error in here closes the MVStore, as a failed move of H2's does.
        store.executeFilestoreOperation(() -> moveWithinTheFile(file, fillRate, moveBytes));
    }

    private static void moveWithinTheFile(RandomAccessStore file, int fillRate, long moveBytes) {
        // Not gated on the fill rate read before: chunks whose pages all died still count as used until H2 drops
        // them, which it does on a commit or right here. A store that no longer commits (idle after a burst of
        // deletes) otherwise kept its dead chunks and its size.
        file.dropUnusedChunks();
        ReentrantLock chunks = (ReentrantLock) read(SAVE_CHUNK_LOCK, file);
        chunks.lock();
        try {
            if (file.getFillRate() > fillRate) {
                return;
            }
            long bytes = safeRoundBytes(file, moveBytes);
            if (bytes > 0) {
                MOVE.invoke(file, bytes);
            }
        } catch (InvocationTargetException e) {
            // H2's own error, as its public method would have thrown it: the MVStore closes on it.
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } finally {
            chunks.unlock();
        }
    }

    /**
     * The largest round, {@code moveBytes} halved until it fits, in which H2 would put no chunk at the end of the
     * file (0 if none does). It plays H2's round on a copy of the free-space map, as H2 plays it: the chunks after
     * the first free block chosen as {@code findChunksToMove} chooses them, then each put where
     * {@code FreeSpaceBitSet.allocate} puts it, outside the area from the lowest of them to the end of the file.
     */
    private static long safeRoundBytes(RandomAccessStore file, long moveBytes) {
        Object freeSpace = read(FREE_SPACE, file);
        BitSet used = (BitSet) read(USED_BLOCKS, freeSpace);
        Collection<?> chunks = ((Map<?, ?>) call(GET_CHUNKS, file)).values();
        int firstFree = used.nextClearBit(0);
        int end = used.length();
        for (long bytes = moveBytes; bytes >= BLOCK_SIZE; bytes /= 2) {
            List<Chunk<?>> chosen = chosen(chunks, firstFree, bytes / BLOCK_SIZE, freeSpace);
            if (!chosen.isEmpty() && noneToTheEnd(used, chosen, end)) {
                return bytes;
            }
        }
        return 0;
    }

    /** H2 2.4.240's {@code RandomAccessStore.findChunksToMove}, in the same order over the same chunks. */
    private static List<Chunk<?>> chosen(Collection<?> chunks, int firstFree, long maxBlocks, Object freeSpace) {
        Map<Chunk<?>, Integer> priority = new IdentityHashMap<>();
        PriorityQueue<Chunk<?>> queue = new PriorityQueue<>(chunks.size() / 2 + 1, (o1, o2) -> {
            int res = Integer.compare(priority.get(o2), priority.get(o1));
            return res != 0 ? res : Long.signum(o2.block - o1.block);
        });
        long size = 0;
        for (Object each : chunks) {
            Chunk<?> chunk = (Chunk<?>) each;
            if (chunk.block != 0 && chunk.block > firstFree) {
                priority.put(chunk, (Integer) call(MOVE_PRIORITY, freeSpace, (int) chunk.block));
                queue.offer(chunk);
                size += chunk.len;
                while (size > maxBlocks) {
                    Chunk<?> removed = queue.poll();
                    if (removed == null) {
                        break;
                    }
                    size -= removed.len;
                }
            }
        }
        List<Chunk<?>> list = new ArrayList<>(queue);
        list.sort(Comparator.comparingLong(chunk -> chunk.block));
        return list;
    }

    /** Whether each chosen chunk, in turn, finds room before the lowest of them, as H2's first loop of moves. */
    private static boolean noneToTheEnd(BitSet used, List<Chunk<?>> chosen, int end) {
        BitSet blocks = (BitSet) used.clone();
        int reservedLow = (int) chosen.get(0).block;
        for (Chunk<?> chunk : chosen) {
            int at = allocate(blocks, chunk.len, reservedLow, end);
            if (at >= end) {
                return false;
            }
            blocks.set(at, at + chunk.len);
            blocks.clear((int) chunk.block, (int) chunk.block + chunk.len);
        }
        return true;
    }

    /** {@code FreeSpaceBitSet.allocate} with a reserved area {@code [reservedLow, reservedHigh)}. */
    private static int allocate(BitSet blocks, int length, int reservedLow, int reservedHigh) {
        for (int i = 0; ; ) {
            int start = blocks.nextClearBit(i);
            int end = blocks.nextSetBit(start + 1);
            if (end < 0 || end - start >= length) {
                if (start < reservedHigh && start + length > reservedLow) {
                    i = reservedHigh;
                    continue;
                }
                return start;
            }
            i = end;
        }
    }

    private static Object call(Method method, Object owner, Object... arguments) {
        try {
            return method.invoke(owner, arguments);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object read(Field field, Object owner) {
        try {
            return field.get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean roomOnDisk(Path file) {
        try {
            return Files.getFileStore(file).getUsableSpace() >= MIN_FREE + MOVE_BYTES;
        } catch (IOException e) {
            return false;
        }
    }
}
