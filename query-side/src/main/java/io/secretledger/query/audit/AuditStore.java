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
import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ActorType;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * How the audit log is stored: each workspace's entries in order, in chunk documents of at most {@link #CHUNK}
 * entries ({@code _id = workspace|chunk number}), and a head per workspace (last position, hash, current chunk and
 * its size).
 * <p>
 * Why chunks: the embedded store of the default profile has no secondary index, so a query sorted by position
 * reads and sorts every entry of the log in memory (a million entries do not fit a small heap). Chunks are read by
 * id, in order, a few at a time, so listing from any position and exporting the whole log take constant memory.
 * Appends are idempotent: an entry at or before a chunk's last position is not appended again.
 */
final class AuditStore {

    static final String CHUNKS = "audit-chunks";
    static final String HEADS = "audit-heads";
    /** Where the log lived before it was chunked: found at start, it is dropped and the log rebuilt. */
    static final String LEGACY = "audit-log";
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
                        .append("entries", entries.stream().map(AuditStore::document).toList()));
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
                    Updates.pushEach("entries", fresh.stream().map(AuditStore::document).toList()),
                    Updates.set("last", fresh.get(fresh.size() - 1).position())));
        }
    }

    /** The workspace's stored entries after the position (null: from the first), in order, read chunk by chunk. */
    Iterator<AuditEntry> after(String workspaceId, Long position) {
        Head head = head(workspaceId);
        if (head.position() < 0) {
            return Collections.emptyIterator();
        }
        long start = position == null ? 0 : firstChunkAfter(workspaceId, position, head.chunk());
        return new Iterator<>() {
            private long nextChunk = start;
            private Iterator<AuditEntry> buffered = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!buffered.hasNext() && nextChunk <= head.chunk()) {
                    List<AuditEntry> read = new ArrayList<>();
                    long upTo = Math.min(head.chunk(), nextChunk + READ_AHEAD - 1);
                    for (Document chunk : readChunks(workspaceId, nextChunk, upTo)) {
                        for (Document entry : chunk.getList("entries", Document.class)) {
                            if (position == null || entry.getLong("position") > position) {
                                read.add(entry(entry, workspaceId));
                            }
                        }
                    }
                    nextChunk = upTo + 1;
                    buffered = read.iterator();
                }
                return buffered.hasNext();
            }

            @Override
            public AuditEntry next() {
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

    /** The log in its former one-document-per-entry form, if this store still holds it. */
    boolean holdsLegacyLog() {
        for (String name : database.listCollectionNames()) {
            if (name.equals(LEGACY)) {
                return true;
            }
        }
        return false;
    }

    void dropLegacyLog() {
        database.getCollection(LEGACY).drop();
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

    private static Document document(AuditEntry entry) {
        return new Document("position", entry.position())
                .append("at", Date.from(entry.at()))
                .append("actorType", entry.actor().type().name())
                .append("actorId", entry.actor().id())
                .append("actorName", entry.actor().displayName())
                .append("action", entry.action())
                .append("targetType", entry.targetType())
                .append("targetId", entry.targetId())
                .append("grant", entry.grant())
                .append("ticketId", entry.ticketId())
                .append("result", entry.result())
                .append("hash", entry.hash());
    }

    private static AuditEntry entry(Document document, String workspaceId) {
        Actor actor = new Actor(ActorType.valueOf(document.getString("actorType")), document.getString("actorId"),
                document.getString("actorName"));
        return new AuditEntry(document.getLong("position"), workspaceId, document.getDate("at").toInstant(), actor,
                document.getString("action"), document.getString("targetType"), document.getString("targetId"),
                document.getString("grant"), document.getString("ticketId"), document.getString("result"),
                document.getString("hash"));
    }
}
