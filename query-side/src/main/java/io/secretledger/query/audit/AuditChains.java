package io.secretledger.query.audit;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.secretledger.api.audit.AuditChainReport;
import io.secretledger.api.audit.AuditEntry;
import io.secretledger.api.audit.AuditFilter;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.bson.Document;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Verifies stored audit chains against the event store: the one procedure behind {@code verifyAuditChain} and the
 * operators' command line ({@code verify-audit}), which runs it against a data directory with the service stopped.
 * <p>
 * Each event of the workspace is described and chained as the projection does, in position order, and compared
 * with the stored entry of the same position: the first that differs ({@code CHANGED}, even with a recomputed
 * hash), has no stored entry ({@code MISSING}) or has no event ({@code UNKNOWN}) is reported.
 */
public final class AuditChains {

    private final MongoDatabase database;
    private final Supplier<BlockingStream<TrackedEventMessage<?>>> events;

    public AuditChains(MongoDatabase database, Supplier<BlockingStream<TrackedEventMessage<?>>> events) {
        this.database = database;
        this.events = events;
    }

    /**
     * Every workspace the event store holds entries for, each with its report, comparing the whole store (a log
     * that is behind the store reports MISSING at its first absent entry).
     */
    public Map<String, AuditChainReport> verifyAll(Instant from, Instant to) {
        TreeSet<String> workspaces = new TreeSet<>();
        try (BlockingStream<TrackedEventMessage<?>> stream = events.get()) {
            while (stream.hasNextAvailable(200, TimeUnit.MILLISECONDS)) {
                AuditEntry entry = AuditEntries.describe(stream.nextAvailable());
                if (entry != null) {
                    workspaces.add(entry.workspaceId());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the event store", e);
        }
        Map<String, AuditChainReport> reports = new TreeMap<>();
        workspaces.forEach(workspaceId -> reports.put(workspaceId, verify(workspaceId, from, to, true)));
        return reports;
    }

    /**
     * @param wholeStore compare up to the end of the event store; false: up to the workspace's stored head, what
     *                   a running projection has reached
     */
    public AuditChainReport verify(String workspaceId, Instant from, Instant to, boolean wholeStore) {
        long upTo = wholeStore ? Long.MAX_VALUE : storedHead(workspaceId);
        AuditFilter range = new AuditFilter(null, null, null, from, to);
        // The stored entries of the range by position, sorted here: the comparison walks them in step with the events.
        // A document whose id is not the one its position gives was not written by the projection.
        TreeMap<Long, Document> stored = new TreeMap<>();
        TreeMap<Long, Document> foreign = new TreeMap<>();
        for (Document document : database.getCollection(AuditLog.COLLECTION)
                .find(Filters.and(AuditLog.filters(workspaceId, range)))) {
            long position = document.getLong("position");
            (AuditLog.id(workspaceId, position).equals(document.get("_id")) ? stored : foreign)
                    .putIfAbsent(position, document);
        }
        String hash = AuditEntries.GENESIS;
        long checked = 0;
        try (BlockingStream<TrackedEventMessage<?>> stream = events.get()) {
            while (upTo >= 0 && stream.hasNextAvailable(wholeStore ? 200 : 2000, TimeUnit.MILLISECONDS)) {
                TrackedEventMessage<?> event = stream.nextAvailable();
                long position = AuditEntries.position(event.trackingToken());
                if (position > upTo) {
                    break;
                }
                AuditEntry entry = AuditEntries.describe(event, position);
                if (entry == null || !entry.workspaceId().equals(workspaceId)) {
                    continue;
                }
                AuditEntry expected = AuditEntries.chained(entry, hash);
                hash = expected.hash();
                if (!AuditLog.within(expected.at(), range)) {
                    continue;
                }
                Map.Entry<Long, Document> alien = foreign.firstEntry();
                if (alien != null && alien.getKey() <= position) {
                    return broken(checked, alien.getKey(), "UNKNOWN", null, alien.getValue().getString("hash"));
                }
                Map.Entry<Long, Document> next = stored.pollFirstEntry();
                if (next != null && next.getKey() < position) {
                    return broken(checked, next.getKey(), "UNKNOWN", null, next.getValue().getString("hash"));
                }
                if (next == null || next.getKey() > position) {
                    return broken(checked, position, "MISSING", expected.hash(), null);
                }
                if (!expected.equals(AuditLog.entry(next.getValue()))) {
                    return broken(checked, position, "CHANGED", expected.hash(), next.getValue().getString("hash"));
                }
                checked++;
                if (position == upTo) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the event store", e);
        }
        stored.putAll(foreign);
        Map.Entry<Long, Document> left = stored.firstEntry();
        if (left != null && left.getKey() <= upTo) {
            return broken(checked, left.getKey(), "UNKNOWN", null, left.getValue().getString("hash"));
        }
        return new AuditChainReport(true, checked, null, null, null, null);
    }

    private long storedHead(String workspaceId) {
        Document head = database.getCollection(AuditLog.HEADS).find(Filters.eq("_id", workspaceId)).first();
        return head == null ? -1 : head.getLong("position");
    }

    private static AuditChainReport broken(long checked, long position, String reason, String expected, String stored) {
        return new AuditChainReport(false, checked, position, reason, expected, stored);
    }
}
