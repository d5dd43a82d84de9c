package io.secretledger.query.audit;

import com.mongodb.client.MongoDatabase;
import io.secretledger.api.audit.AuditChainReport;
import io.secretledger.api.audit.AuditEntry;
import io.secretledger.api.audit.AuditFilter;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;

import java.time.Instant;
import java.util.Iterator;
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

    /** Stands for a stored line that is not an entry (edited by hand or damaged): reported as CHANGED. */
    private static final AuditEntry UNREADABLE = new AuditEntry(-1, null, Instant.EPOCH, null, null, null, null, null,
            null, null, null);

    private final AuditStore store;
    private final Supplier<BlockingStream<TrackedEventMessage<?>>> events;

    public AuditChains(MongoDatabase database, Supplier<BlockingStream<TrackedEventMessage<?>>> events) {
        this(new AuditStore(database), events);
    }

    AuditChains(AuditStore store, Supplier<BlockingStream<TrackedEventMessage<?>>> events) {
        this.store = store;
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
        long upTo = wholeStore ? Long.MAX_VALUE : store.head(workspaceId).position();
        AuditFilter range = new AuditFilter(null, null, null, from, to);
        // The stored entries of the range, in their stored order, walked in step with the events.
        Iterator<AuditEntry> stored = store.after(workspaceId, null);
        AuditEntry next = nextInRange(stored, range);
        String hash = AuditEntries.GENESIS;
        long checked = 0;
        long lastChecked = -1;
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
                if (next == UNREADABLE) {
                    return broken(checked, position, "CHANGED", expected.hash(), null);
                }
                if (next != null && next.position() < position) {
                    return broken(checked, next.position(), "UNKNOWN", null, next.hash());
                }
                if (next == null || next.position() > position) {
                    return broken(checked, position, "MISSING", expected.hash(), null);
                }
                if (!expected.equals(next)) {
                    return broken(checked, position, "CHANGED", expected.hash(), next.hash());
                }
                checked++;
                lastChecked = position;
                next = nextInRange(stored, range);
                if (position == upTo) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the event store", e);
        }
        if (next == UNREADABLE) {
            return broken(checked, lastChecked + 1, "UNKNOWN", null, null);
        }
        if (next != null && next.position() <= upTo) {
            return broken(checked, next.position(), "UNKNOWN", null, next.hash());
        }
        return new AuditChainReport(true, checked, null, null, null, null);
    }

    /** The next stored entry in the range, {@link #UNREADABLE} for a line that is not an entry, null at the end. */
    private static AuditEntry nextInRange(Iterator<AuditEntry> stored, AuditFilter range) {
        while (stored.hasNext()) {
            AuditEntry entry;
            try {
                entry = stored.next();
            } catch (AuditJson.UnreadableEntry e) {
                return UNREADABLE;
            }
            if (AuditLog.within(entry.at(), range)) {
                return entry;
            }
        }
        return null;
    }

    private static AuditChainReport broken(long checked, long position, String reason, String expected, String stored) {
        return new AuditChainReport(false, checked, position, reason, expected, stored);
    }
}
