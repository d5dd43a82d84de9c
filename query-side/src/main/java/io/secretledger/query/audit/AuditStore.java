package io.secretledger.query.audit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import io.secretledger.api.audit.AuditEntry;
import org.bson.Document;
import org.bson.types.Binary;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * How the audit log is stored: each workspace's entries in order, in chunk documents of at most {@link #CHUNK}
 * entries ({@code _id = workspace|chunk number}) holding their lines of NDJSON as UTF-8 bytes (one line of JSON per
 * entry, {@link AuditJson}), and a head per workspace (last position, hash, current chunk and its size).
 * <p>
 * Why chunks: the embedded store of the default profile has no secondary index, so a query sorted by position
 * reads and sorts every entry of the log in memory (a million entries do not fit a small heap). Chunks are read by
 * id, in order, a few at a time, so listing from any position and exporting the whole log take constant memory.
 * Why NDJSON bytes: the export sends them as they are, and one binary value costs the embedded store (which keeps
 * documents with Java serialization, and serializes them again to weigh its cache) and both ends of the wire
 * protocol next to nothing, where 50 documents of 12 fields were most of an export's time (bench profile).
 * Appends are idempotent: an entry at or before a chunk's last position is not appended again.
 */
final class AuditStore {

    static final String CHUNKS = "audit-ndjson";
    /** The field of a chunk that holds its entries' lines. */
    static final String NDJSON = "ndjson";
    static final String HEADS = "audit-heads";
    /**
     * Where the log lived in earlier forms (a document per entry; chunks of entry documents): found at start, they
     * are dropped and the log rebuilt.
     */
    static final List<String> LEGACY = List.of("audit-log", "audit-chunks", "audit-lines");
    static final int CHUNK = 50;
    private static final int READ_AHEAD = 10;

    private final MongoDatabase database;

    AuditStore(MongoDatabase database) {
        this.database = database;
    }

    /** The last entry's position and hash, and where the next entry goes. */
    record Head(long position, String hash, long chunk, int size) {

        static final Head EMPTY = new Head(-1, AuditEntries.GENESIS, 0, 0);

        /** The head after the entry, which goes into {@link #chunk()} of the result. */
        Head after(AuditEntry entry) {
            return size < CHUNK ? new Head(entry.position(), entry.hash(), chunk, size + 1)
                    : new Head(entry.position(), entry.hash(), chunk + 1, 1);
        }
    }

    /** An entry and the chunk it belongs to. */
    record Placed(AuditEntry entry, long chunk) {
    }

    Head head(String workspaceId) {
        Document stored = heads().find(Filters.eq("_id", workspaceId)).first();
        return stored == null ? Head.EMPTY : new Head(stored.getLong("position"), stored.getString("hash"),
                stored.getLong("chunk"), stored.getInteger("size"));
    }

    /** Every workspace the log holds entries of, by id. */
    List<String> workspaces() {
        List<String> ids = new java.util.ArrayList<>();
        heads().find().projection(new Document("_id", 1)).forEach(head -> ids.add(head.getString("_id")));
        java.util.Collections.sort(ids);
        return ids;
    }

    /** Appends the entries (in position order), then stores each workspace's new head. */
    void append(List<Placed> batch, Map<String, Head> newHeads) {
        Map<String, List<AuditEntry>> chunks = new LinkedHashMap<>();
        for (Placed placed : batch) {
            chunks.computeIfAbsent(chunkId(placed.entry().workspaceId(), placed.chunk()), id -> new ArrayList<>())
                    .add(placed.entry());
        }
        chunks.forEach(this::appendToChunk);
        newHeads.forEach((workspaceId, head) -> heads().replaceOne(Filters.eq("_id", workspaceId),
                new Document("_id", workspaceId).append("position", head.position()).append("hash", head.hash())
                        .append("chunk", head.chunk()).append("size", head.size()),
                new ReplaceOptions().upsert(true)));
    }

    /**
     * Adds the entries after the chunk's last position to its NDJSON (the chunk is rewritten whole: this processor is
     * the log's only writer, and a chunk holds at most {@link #CHUNK} lines).
     */
    private void appendToChunk(String id, List<AuditEntry> entries) {
        Document existing = chunks().find(Filters.eq("_id", id)).first();
        if (existing == null) {
            AuditEntry first = entries.get(0);
            try {
                chunks().insertOne(new Document("_id", id).append("workspaceId", first.workspaceId())
                        .append("last", entries.get(entries.size() - 1).position())
                        .append(NDJSON, new Binary(ndjson(new byte[0], entries))));
                return;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                existing = chunks().find(Filters.eq("_id", id)).first();
            }
        }
        long last = existing.getLong("last");
        List<AuditEntry> fresh = entries.stream().filter(entry -> entry.position() > last).toList();
        if (!fresh.isEmpty()) {
            chunks().updateOne(Filters.eq("_id", id), Updates.combine(
                    Updates.set(NDJSON, new Binary(ndjson(existing.get(NDJSON, Binary.class).getData(), fresh))),
                    Updates.set("last", fresh.get(fresh.size() - 1).position())));
        }
    }

    /** The stored lines followed by the entries' lines, each line ended by a line break, UTF-8. */
    private static byte[] ndjson(byte[] stored, List<AuditEntry> entries) {
        StringBuilder lines = new StringBuilder(entries.size() * 480);
        entries.forEach(entry -> lines.append(AuditJson.write(entry)).append('\n'));
        byte[] added = lines.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(stored, stored.length + added.length);
        System.arraycopy(added, 0, all, stored.length, added.length);
        return all;
    }

    /** The workspace's stored entries after the position (null: from the first), in order, read chunk by chunk. */
    Iterator<AuditEntry> after(String workspaceId, Long position) {
        Iterator<String> lines = lines(workspaceId, position);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return lines.hasNext();
            }

            @Override
            public AuditEntry next() {
                return AuditJson.read(lines.next());
            }
        };
    }

    /**
     * The workspace's stored lines after the position (null: from the first), in order, read a few chunks at a time;
     * only the first chunk read is searched for the position, the ones after it follow it.
     */
    Iterator<String> lines(String workspaceId, Long position) {
        Head head = head(workspaceId);
        long start = position == null || head.position() < 0 ? 0 : firstChunkAfter(workspaceId, position, head.chunk());
        Iterator<List<byte[]>> runs = runs(workspaceId, head, start);
        return new Iterator<>() {
            private boolean pastPosition = position == null;
            private Iterator<String> buffered = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!buffered.hasNext() && runs.hasNext()) {
                    List<String> read = new ArrayList<>();
                    for (byte[] chunk : runs.next()) {
                        for (String line : lines(chunk)) {
                            pastPosition = pastPosition || AuditJson.position(line) > position;
                            if (pastPosition) {
                                read.add(line);
                            }
                        }
                    }
                    buffered = read.iterator();
                }
                return buffered.hasNext();
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return buffered.next();
            }
        };
    }

    /**
     * The workspace's whole log as NDJSON, a few chunks' bytes at a time, exactly as stored: what an export without
     * a filter sends, never decoded.
     */
    Iterator<byte[]> ndjson(String workspaceId) {
        Iterator<List<byte[]>> runs = runs(workspaceId, head(workspaceId), 0);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return runs.hasNext();
            }

            @Override
            public byte[] next() {
                List<byte[]> chunks = runs.next();
                byte[] run = new byte[chunks.stream().mapToInt(chunk -> chunk.length).sum()];
                int at = 0;
                for (byte[] chunk : chunks) {
                    System.arraycopy(chunk, 0, run, at, chunk.length);
                    at += chunk.length;
                }
                return run;
            }
        };
    }

    /** The workspace's chunks from {@code first} up to the head's, {@link #READ_AHEAD} at a time, in order. */
    private Iterator<List<byte[]>> runs(String workspaceId, Head head, long first) {
        return new Iterator<>() {
            private long nextChunk = head.position() < 0 ? Long.MAX_VALUE : first;

            @Override
            public boolean hasNext() {
                return nextChunk <= head.chunk();
            }

            @Override
            public List<byte[]> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                long upTo = Math.min(head.chunk(), nextChunk + READ_AHEAD - 1);
                List<byte[]> run = readChunks(workspaceId, nextChunk, upTo);
                nextChunk = upTo + 1;
                return run;
            }
        };
    }

    /** The lines of a chunk's NDJSON. */
    static List<String> lines(byte[] ndjson) {
        List<String> lines = new ArrayList<>(CHUNK);
        int start = 0;
        for (int i = 0; i < ndjson.length; i++) {
            if (ndjson[i] == '\n') {
                lines.add(new String(ndjson, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < ndjson.length) {
            lines.add(new String(ndjson, start, ndjson.length - start, StandardCharsets.UTF_8));
        }
        return lines;
    }

    /** Removes the log (a reset before a rebuild). */
    void clear() {
        chunks().drop();
        heads().drop();
    }

    /** The log in one of its former forms, if this store still holds it. */
    boolean holdsLegacyLog() {
        for (String name : database.listCollectionNames()) {
            if (LEGACY.contains(name)) {
                return true;
            }
        }
        return false;
    }

    void dropLegacyLog() {
        LEGACY.forEach(name -> database.getCollection(name).drop());
        heads().drop();
    }

    /**
     * The chunks in order, each found by its id: the embedded store answers {@code _id} equality from its id index but
     * scans the whole collection for {@code $in} (bench JFR), which made a read of every chunk quadratic.
     */
    private List<byte[]> readChunks(String workspaceId, long from, long to) {
        List<byte[]> found = new ArrayList<>();
        for (long chunk = from; chunk <= to; chunk++) {
            Document document = chunks().find(Filters.eq("_id", chunkId(workspaceId, chunk))).first();
            if (document != null) {
                found.add(document.get(NDJSON, Binary.class).getData());
            }
        }
        return found;
    }

    /** The first chunk whose last entry is after the position, by binary search over the chunks' last positions. */
    private long firstChunkAfter(String workspaceId, long position, long lastChunk) {
        long low = 0;
        long high = lastChunk;
        while (low < high) {
            long middle = (low + high) >>> 1;
            Document chunk = chunks().find(Filters.eq("_id", chunkId(workspaceId, middle)))
                    .projection(Projections.include("last")).first();
            if (chunk != null && chunk.getLong("last") <= position) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    static String chunkId(String workspaceId, long chunk) {
        return workspaceId + "|" + String.format("%012d", chunk);
    }

    private MongoCollection<Document> chunks() {
        return database.getCollection(CHUNKS);
    }

    private MongoCollection<Document> heads() {
        return database.getCollection(HEADS);
    }
}
