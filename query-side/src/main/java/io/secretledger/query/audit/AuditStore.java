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

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * How the audit log is stored: each workspace's entries in order, in chunk documents of at most {@link #CHUNK}
 * entries ({@code _id = workspace|chunk number}), each entry one line of JSON ({@link AuditJson}), and a head per
 * workspace (last position, hash, current chunk and its size).
 * <p>
 * Why chunks: the embedded store of the default profile has no secondary index, so a query sorted by position
 * reads and sorts every entry of the log in memory (a million entries do not fit a small heap). Chunks are read by
 * id, in order, a few at a time, so listing from any position and exporting the whole log take constant memory.
 * Why lines: the export sends them as they are, and a chunk of 50 strings costs the embedded store (which keeps
 * documents with Java serialization) and both ends of the wire protocol a fraction of 50 documents of 12 fields
 * (bench profile: that decoding and encoding was most of an export's time).
 * Appends are idempotent: an entry at or before a chunk's last position is not appended again.
 */
final class AuditStore {

    static final String CHUNKS = "audit-lines";
    static final String HEADS = "audit-heads";
    /**
     * Where the log lived in earlier forms (a document per entry; chunks of entry documents): found at start, they
     * are dropped and the log rebuilt.
     */
    static final List<String> LEGACY = List.of("audit-log", "audit-chunks");
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

    private void appendToChunk(String id, List<AuditEntry> entries) {
        Document existing = chunks().find(Filters.eq("_id", id)).projection(Projections.include("last")).first();
        if (existing == null) {
            AuditEntry first = entries.get(0);
            try {
                chunks().insertOne(new Document("_id", id).append("workspaceId", first.workspaceId())
                        .append("last", entries.get(entries.size() - 1).position())
                        .append("lines", entries.stream().map(AuditJson::write).toList()));
                return;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                existing = chunks().find(Filters.eq("_id", id)).projection(Projections.include("last")).first();
            }
        }
        long last = existing.getLong("last");
        List<AuditEntry> fresh = entries.stream().filter(entry -> entry.position() > last).toList();
        if (!fresh.isEmpty()) {
            chunks().updateOne(Filters.eq("_id", id), Updates.combine(
                    Updates.pushEach("lines", fresh.stream().map(AuditJson::write).toList()),
                    Updates.set("last", fresh.get(fresh.size() - 1).position())));
        }
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
        if (head.position() < 0) {
            return Collections.emptyIterator();
        }
        long start = position == null ? 0 : firstChunkAfter(workspaceId, position, head.chunk());
        return new Iterator<>() {
            private long nextChunk = start;
            private boolean pastPosition = position == null;
            private Iterator<String> buffered = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!buffered.hasNext() && nextChunk <= head.chunk()) {
                    List<String> read = new ArrayList<>();
                    long upTo = Math.min(head.chunk(), nextChunk + READ_AHEAD - 1);
                    for (Document chunk : readChunks(workspaceId, nextChunk, upTo)) {
                        for (String line : chunk.getList("lines", String.class)) {
                            pastPosition = pastPosition || AuditJson.position(line) > position;
                            if (pastPosition) {
                                read.add(line);
                            }
                        }
                    }
                    nextChunk = upTo + 1;
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
    private List<Document> readChunks(String workspaceId, long from, long to) {
        List<Document> found = new ArrayList<>();
        for (long chunk = from; chunk <= to; chunk++) {
            Document document = chunks().find(Filters.eq("_id", chunkId(workspaceId, chunk))).first();
            if (document != null) {
                found.add(document);
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
