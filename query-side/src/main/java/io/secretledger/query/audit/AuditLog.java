package io.secretledger.query.audit;

import com.mongodb.client.model.Filters;
import io.secretledger.api.audit.AuditChainReport;
import io.secretledger.api.audit.AuditEntry;
import io.secretledger.api.audit.AuditFilter;
import io.secretledger.api.audit.AuditLines;
import io.secretledger.api.audit.AuditPage;
import io.secretledger.api.audit.FindAuditEntries;
import io.secretledger.api.audit.StreamAuditEntries;
import io.secretledger.api.audit.AuditChainReports;
import io.secretledger.api.audit.VerifyAuditChain;
import io.secretledger.api.audit.VerifyAuditChains;
import io.secretledger.api.audit.WatchAuditLog;
import io.secretledger.query.audit.AuditStore.Head;
import io.secretledger.query.audit.AuditStore.Placed;
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
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
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
    private static final String BATCH = AuditLog.class.getName() + ".batch";
    private static final String TOKENS = "trackingtokens";
    /** Entries read per message of a filtered export's stream. */
    private static final int EXPORT_RUN = 500;

    private final MongoTemplate mongo;
    private final EventStore eventStore;
    private final Viewers viewers;
    private final QueryUpdateEmitter updates;
    private final AuditStore store;
    /** The heads this processor wrote: it is the log's only writer. */
    private final Map<String, Head> heads = new HashMap<>();

    AuditLog(MongoTemplate mongo, EventStore eventStore, Viewers viewers, QueryUpdateEmitter updates) {
        this.mongo = mongo;
        this.eventStore = eventStore;
        this.viewers = viewers;
        this.updates = updates;
        this.store = new AuditStore(mongo.getDb());
        migrateLegacyLog();
    }

    /**
     * A store written before the log was chunked holds one document per entry: it is dropped, and so is this
     * processor's token, so the processor (not started yet) rebuilds the log from the event store.
     */
    private void migrateLegacyLog() {
        if (store.holdsLegacyLog()) {
            store.dropLegacyLog();
            mongo.getCollection(TOKENS).deleteMany(Filters.eq("processorName", PROCESSING_GROUP));
        }
    }

    @EventHandler
    void on(Object payload, EventMessage<?> event, TrackingToken token) {
        AuditEntry entry = AuditEntries.describe(event, AuditEntries.position(token));
        Head head = entry == null ? null : head(entry.workspaceId());
        Placed placed = null;
        if (entry != null && entry.position() > head.position()) {
            AuditEntry chained = AuditEntries.chained(entry, head.hash());
            Head next = head.after(chained);
            placed = new Placed(chained, next.chunk());
            synchronized (heads) {
                heads.put(chained.workspaceId(), next);
            }
        }
        if (!(CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().root() instanceof BatchingUnitOfWork<?> batch)) {
            write(placed == null ? List.of() : List.of(placed));
            return;
        }
        List<Placed> entries = batch.getOrComputeResource(BATCH, key -> {
            batch.onRollback(failed -> {
                synchronized (heads) {
                    heads.clear();
                }
            });
            return new ArrayList<>();
        });
        if (placed != null) {
            entries.add(placed);
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
     * The entries of a batch appended chunk by chunk, then each workspace's new head once: a write per entry had
     * cost a fifth of the create throughput (bench). Entries already stored before a crash are not appended again;
     * a failed batch forgets the heads kept in memory, so the retry reads them back from the store.
     */
    private void write(List<Placed> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Map<String, Head> last = new HashMap<>();
        synchronized (heads) {
            batch.forEach(placed -> last.put(placed.entry().workspaceId(), heads.get(placed.entry().workspaceId())));
        }
        store.append(batch, last);
        for (Placed placed : batch) {
            AuditEntry entry = placed.entry();
            updates.emit(WatchAuditLog.class, watch -> watch.workspaceId().equals(entry.workspaceId())
                    && keeps(watch.filter(), entry), entry);
        }
    }

    /** Whether a subscriber may watch the log: checked again by the API for each entry it pushes. */
    @QueryHandler
    Boolean handle(WatchAuditLog query) {
        return viewers.isAccountOwner(query.workspaceId(), query.viewerId());
    }

    static boolean keeps(AuditFilter filter, AuditEntry entry) {
        return filter == null || ((filter.actorId() == null || filter.actorId().equals(entry.actor().id()))
                && (filter.secretId() == null || ("secret".equals(entry.targetType())
                        && filter.secretId().equals(entry.targetId())))
                && (filter.action() == null || filter.action().equals(entry.action()))
                && within(entry.at(), filter));
    }

    @ResetHandler
    void reset() {
        store.clear();
        synchronized (heads) {
            heads.clear();
        }
    }

    /** A page of the entries the filter keeps, after the cursor's position, read chunk by chunk. */
    @QueryHandler
    AuditPage handle(FindAuditEntries query) {
        if (!viewers.isAccountOwner(query.workspaceId(), query.viewerId())) {
            return null;
        }
        Iterator<AuditEntry> entries = store.after(query.workspaceId(), query.afterPosition());
        List<AuditEntry> page = new ArrayList<>();
        while (page.size() <= query.limit() && entries.hasNext()) {
            AuditEntry entry = entries.next();
            if (keeps(query.filter(), entry)) {
                page.add(entry);
            }
        }
        boolean hasNext = page.size() > query.limit();
        return new AuditPage(hasNext ? page.subList(0, query.limit()) : page, hasNext);
    }

    /**
     * The entries the filter keeps, oldest first, as runs of their stored lines, read a few chunks at a time as the
     * consumer asks for them (the export, in constant memory); nothing for a caller who may not audit. Without a
     * filter the stored NDJSON is passed on as it is, never decoded.
     */
    @QueryHandler
    Stream<AuditLines> handle(StreamAuditEntries query) {
        if (!viewers.isAccountOwner(query.workspaceId(), query.viewerId())) {
            return Stream.empty();
        }
        AuditFilter filter = query.filter();
        if (filter == null || filter.equals(AuditFilter.ALL)) {
            Iterator<byte[]> runs = store.ndjson(query.workspaceId());
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(runs, Spliterator.ORDERED), false)
                    .map(AuditLines::new);
        }
        Iterator<String> lines = store.lines(query.workspaceId(), null);
        Iterator<AuditLines> runs = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return lines.hasNext();
            }

            @Override
            public AuditLines next() {
                StringBuilder run = new StringBuilder();
                for (int read = 0; read < EXPORT_RUN && lines.hasNext(); read++) {
                    String line = lines.next();
                    if (keeps(filter, AuditJson.read(line))) {
                        run.append(line).append('\n');
                    }
                }
                return new AuditLines(run.toString().getBytes(StandardCharsets.UTF_8));
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(runs, Spliterator.ORDERED), false)
                .filter(run -> run.ndjson().length > 0);
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
        return new AuditChains(store, () -> eventStore.openStream(null))
                .verify(query.workspaceId(), query.from(), query.to(), false);
    }

    /**
     * Every workspace's chain, for the installation's operators (the API checks who asks): each compared up to its
     * stored head, as {@link VerifyAuditChain} does for one. Each workspace reads the event store once.
     */
    @QueryHandler
    AuditChainReports handle(VerifyAuditChains query) {
        AuditChains chains = new AuditChains(store, () -> eventStore.openStream(null));
        List<AuditChainReports.WorkspaceChain> reports = new java.util.ArrayList<>();
        for (String workspaceId : store.workspaces()) {
            reports.add(new AuditChainReports.WorkspaceChain(workspaceId,
                    chains.verify(workspaceId, query.from(), query.to(), false)));
        }
        return new AuditChainReports(reports);
    }

    private Head head(String workspaceId) {
        synchronized (heads) {
            Head cached = heads.get(workspaceId);
            if (cached != null) {
                return cached;
            }
        }
        return store.head(workspaceId);
    }

    static boolean within(Instant at, AuditFilter range) {
        return (range.from() == null || !at.isBefore(range.from())) && (range.to() == null || at.isBefore(range.to()));
    }
}
