package io.secretledger.query.audit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import io.secretledger.api.audit.AuditChainReport;
import io.secretledger.api.audit.AuditEntry;
import io.secretledger.api.audit.AuditFilter;
import io.secretledger.api.audit.AuditPage;
import io.secretledger.api.audit.FindAuditEntries;
import io.secretledger.api.audit.StreamAuditEntries;
import io.secretledger.api.audit.VerifyAuditChain;
import io.secretledger.api.audit.WatchAuditLog;
import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ActorType;
import io.secretledger.query.workspace.Viewers;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The workspace audit log: one entry per event of every aggregate, each chained to the one before it in its
 * workspace by {@code hash = SHA-256(previousHash || canonical entry)} (see {@link AuditEntries}), so that an
 * entry changed, removed or added in the projection store shows when the chain is recomputed from the event
 * store ({@link VerifyAuditChain}). Readable by account owners only.
 * <p>
 * Idempotent: each workspace's head (last position and hash) is stored beside the entries, and an event at or
 * before the head is skipped; an entry stored before a crash that lost the head update is computed again to the
 * same hash (the chain is deterministic) and its insert is a duplicate.
 */
@Component
@ProcessingGroup(AuditLog.PROCESSING_GROUP)
class AuditLog {

    static final String PROCESSING_GROUP = "audit-log";
    static final String COLLECTION = "audit-log";
    static final String HEADS = "audit-heads";
    private static final String BATCH = AuditLog.class.getName() + ".batch";

    private final MongoTemplate mongo;
    private final EventStore eventStore;
    private final Viewers viewers;
    private final QueryUpdateEmitter updates;
    /** The heads this processor wrote: it is the log's only writer. */
    private final Map<String, Head> heads = new HashMap<>();

    private record Head(long position, String hash) {
    }

    AuditLog(MongoTemplate mongo, EventStore eventStore, Viewers viewers, QueryUpdateEmitter updates) {
        this.mongo = mongo;
        this.eventStore = eventStore;
        this.viewers = viewers;
        this.updates = updates;
    }

    @EventHandler
    void on(Object payload, EventMessage<?> event, TrackingToken token) {
        AuditEntry entry = AuditEntries.describe(event, AuditEntries.position(token));
        Head head = entry == null ? null : head(entry.workspaceId());
        AuditEntry chained = entry == null || entry.position() <= head.position() ? null
                : AuditEntries.chained(entry, head.hash());
        if (chained != null) {
            synchronized (heads) {
                heads.put(chained.workspaceId(), new Head(chained.position(), chained.hash()));
            }
        }
        if (!(CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().root() instanceof BatchingUnitOfWork<?> batch)) {
            write(chained == null ? List.of() : List.of(chained));
            return;
        }
        List<AuditEntry> entries = batch.getOrComputeResource(BATCH, key -> {
            batch.onRollback(failed -> {
                synchronized (heads) {
                    heads.clear();
                }
            });
            return new ArrayList<>();
        });
        if (chained != null) {
            entries.add(chained);
        }
        // Written while the batch's last event is handled, not when the batch commits: the processor stores its
        // token in the first prepare-commit step, so entries written after it would be lost to a crash or a
        // failed insert (the retry starts after the stored token).
        if (batch.isLastMessage()) {
            write(entries);
            entries.clear();
        }
    }

    /**
     * The entries of a batch of events in one insert, then each workspace's new head once: two writes per entry
     * had cost a fifth of the create throughput (bench). Entries already stored before a crash are duplicates and
     * skipped; a failed batch forgets the heads kept in memory, so the retry reads them back from the store.
     */
    private void write(List<AuditEntry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            entries().insertMany(batch.stream().map(AuditLog::document).toList(), new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().anyMatch(error -> ErrorCategory.fromErrorCode(error.getCode())
                    != ErrorCategory.DUPLICATE_KEY)) {
                throw e;
            }
        }
        Map<String, AuditEntry> last = new HashMap<>();
        batch.forEach(entry -> last.put(entry.workspaceId(), entry));
        last.values().forEach(entry -> heads().replaceOne(Filters.eq("_id", entry.workspaceId()),
                new Document("_id", entry.workspaceId()).append("position", entry.position())
                        .append("hash", entry.hash()), new ReplaceOptions().upsert(true)));
        for (AuditEntry entry : batch) {
            updates.emit(WatchAuditLog.class, watch -> watch.workspaceId().equals(entry.workspaceId())
                    && keeps(watch.filter(), entry), entry);
        }
    }

    /** Whether a subscriber may watch the log: checked again by the API for each entry it pushes. */
    @QueryHandler
    Boolean handle(WatchAuditLog query) {
        return viewers.isAccountOwner(query.workspaceId(), query.viewerId());
    }

    private static boolean keeps(AuditFilter filter, AuditEntry entry) {
        return filter == null || ((filter.actorId() == null || filter.actorId().equals(entry.actor().id()))
                && (filter.secretId() == null || ("secret".equals(entry.targetType())
                        && filter.secretId().equals(entry.targetId())))
                && (filter.action() == null || filter.action().equals(entry.action()))
                && within(entry.at(), filter));
    }

    @ResetHandler
    void reset() {
        entries().drop();
        heads().drop();
        synchronized (heads) {
            heads.clear();
        }
    }

    @QueryHandler
    AuditPage handle(FindAuditEntries query) {
        if (!viewers.isAccountOwner(query.workspaceId(), query.viewerId())) {
            return null;
        }
        List<Bson> filters = new ArrayList<>(filters(query.workspaceId(), query.filter()));
        if (query.afterPosition() != null) {
            filters.add(Filters.gt("position", query.afterPosition()));
        }
        List<AuditEntry> page = new ArrayList<>();
        for (Document document : entries().find(Filters.and(filters)).sort(Sorts.ascending("position"))
                .limit(query.limit() + 1)) {
            page.add(entry(document));
        }
        boolean hasNext = page.size() > query.limit();
        return new AuditPage(hasNext ? page.subList(0, query.limit()) : page, hasNext);
    }

    /**
     * The entries the filter keeps, oldest first, read from a cursor as the consumer asks for them (the export);
     * nothing for a caller who may not audit.
     */
    @QueryHandler
    Stream<AuditEntry> handle(StreamAuditEntries query) {
        if (!viewers.isAccountOwner(query.workspaceId(), query.viewerId())) {
            return Stream.empty();
        }
        MongoCursor<Document> cursor = entries().find(Filters.and(filters(query.workspaceId(), query.filter())))
                .sort(Sorts.ascending("position")).batchSize(500).iterator();
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(cursor, Spliterator.ORDERED), false)
                .map(AuditLog::entry).onClose(cursor::close);
    }

    /**
     * Replays the event store through the same description and chain as the projection, up to the workspace's head
     * (what the projection has reached); see {@link AuditChains}.
     */
    @QueryHandler
    AuditChainReport handle(VerifyAuditChain query) {
        if (!viewers.isAccountOwner(query.workspaceId(), query.viewerId())) {
            return null;
        }
        return new AuditChains(mongo.getDb(), () -> eventStore.openStream(null))
                .verify(query.workspaceId(), query.from(), query.to(), false);
    }

    private Head head(String workspaceId) {
        synchronized (heads) {
            Head cached = heads.get(workspaceId);
            if (cached != null) {
                return cached;
            }
        }
        return storedHead(workspaceId);
    }

    private Head storedHead(String workspaceId) {
        Document stored = heads().find(Filters.eq("_id", workspaceId)).first();
        return stored == null ? new Head(-1, AuditEntries.GENESIS)
                : new Head(stored.getLong("position"), stored.getString("hash"));
    }

    static List<Bson> filters(String workspaceId, AuditFilter filter) {
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.eq("workspaceId", workspaceId));
        AuditFilter by = filter == null ? AuditFilter.ALL : filter;
        if (by.actorId() != null) {
            filters.add(Filters.eq("actorId", by.actorId()));
        }
        if (by.secretId() != null) {
            filters.add(Filters.eq("targetType", "secret"));
            filters.add(Filters.eq("targetId", by.secretId()));
        }
        if (by.action() != null) {
            filters.add(Filters.eq("action", by.action()));
        }
        if (by.from() != null) {
            filters.add(Filters.gte("at", Date.from(by.from())));
        }
        if (by.to() != null) {
            filters.add(Filters.lt("at", Date.from(by.to())));
        }
        return filters;
    }

    static boolean within(Instant at, AuditFilter range) {
        return (range.from() == null || !at.isBefore(range.from())) && (range.to() == null || at.isBefore(range.to()));
    }

    private MongoCollection<Document> entries() {
        return mongo.getCollection(COLLECTION);
    }

    private MongoCollection<Document> heads() {
        return mongo.getCollection(HEADS);
    }

    static String id(String workspaceId, long position) {
        return workspaceId + "|" + String.format("%019d", position);
    }

    private static Document document(AuditEntry entry) {
        return new Document("_id", id(entry.workspaceId(), entry.position()))
                .append("position", entry.position())
                .append("workspaceId", entry.workspaceId())
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

    static AuditEntry entry(Document document) {
        Actor actor = new Actor(ActorType.valueOf(document.getString("actorType")), document.getString("actorId"),
                document.getString("actorName"));
        return new AuditEntry(document.getLong("position"), document.getString("workspaceId"),
                document.getDate("at").toInstant(), actor, document.getString("action"),
                document.getString("targetType"), document.getString("targetId"), document.getString("grant"),
                document.getString("ticketId"), document.getString("result"), document.getString("hash"));
    }
}
