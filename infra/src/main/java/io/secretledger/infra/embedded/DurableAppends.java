package io.secretledger.infra.embedded;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * The event store's engine, where appended events are durable before the transaction that appended them is
 * reported committed: the H2 database commits in memory ({@code WRITE_DELAY} above zero), then a
 * {@link GroupCheckpoint} writes the commits of all concurrent transactions to the file together. A command is
 * thus acknowledged, and its events handed to the processors, only once they are in the file, as before, and
 * the deadlines it schedules stay in the same transaction as its events. Transactions that append nothing (event
 * processors, queries, token claims) never wait.
 * <p>
 * Event processors read only durable events. A commit is visible to other connections before the checkpoint that
 * makes it durable, so a processor could handle an event that a SIGKILL then lost, and the store, after the
 * restart, reuse its position for another event: the projection kept an event that never happened and skipped the
 * one that did (crash battery, issue 8). Each appending transaction therefore holds, from before its insert until
 * its checkpoint is done or it rolls back, a position at or below its first, and a processor's read stops before
 * the lowest position held. The processors are notified after that (Axon's after-commit step), so they wait no longer.
 */
final class DurableAppends implements EventStorageEngine {

    private final EventStorageEngine engine;
    private final GroupCheckpoint checkpoint;
    private final DataSource dataSource;
    /** Held as pending while an append of unknown positions becomes durable: below every position. */
    private static final long ALL = Long.MIN_VALUE;
    /** The first position of each appending transaction not yet durable (a position may repeat: counted). */
    private final ConcurrentSkipListMap<Long, Integer> pending = new ConcurrentSkipListMap<>();

    DurableAppends(EventStorageEngine engine, GroupCheckpoint checkpoint, DataSource dataSource) {
        this.engine = engine;
        this.checkpoint = checkpoint;
        this.dataSource = dataSource;
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        if (events.isEmpty()) {
            engine.appendEvents(events);
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            // The engine commits a transaction of its own, at positions not known beforehand: processors read
            // nothing at all until it is durable.
            pending.merge(ALL, 1, Integer::sum);
            try {
                engine.appendEvents(events);
                checkpoint.await();
            } finally {
                pending.computeIfPresent(ALL, (key, count) -> count > 1 ? count - 1 : null);
            }
            return;
        }
        if (!TransactionSynchronizationManager.hasResource(this)) {
            // Held before the insert: a position given out later is above every one given out so far, so no
            // event of this transaction can be read in the moment between its insert and its registration.
            long first = nextPosition();
            pending.merge(first, 1, Integer::sum);
            TransactionSynchronizationManager.bindResource(this, first);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    // Thrown from here, a failure reaches the committer: the command fails, a reveal shows nothing.
                    checkpoint.await();
                }

                @Override
                public void afterCompletion(int status) {
                    Object held = TransactionSynchronizationManager.unbindResourceIfPossible(DurableAppends.this);
                    if (held instanceof Long position) {
                        pending.computeIfPresent(position, (key, count) -> count > 1 ? count - 1 : null);
                    }
                }
            });
        }
        engine.appendEvents(events);
    }

    /** A position at or below the next one the store will give: one past the highest it holds. */
    private long nextPosition() {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement query = connection.prepareStatement("SELECT MAX(globalIndex) FROM DomainEventEntry");
             ResultSet row = query.executeQuery()) {
            return row.next() ? row.getLong(1) + 1 : 0;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the event store's last position", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        engine.storeSnapshot(snapshot);
    }

    /**
     * The events after the token, up to (not including) the first position that is not settled: held by an
     * appending transaction, or given out after the read began. The bound is fixed before the engine's query: a
     * transaction that commits between that query and the moment its event would be passed is not in the query's
     * result, and a later position in it, passed on, would hand the processors their events out of order (the
     * audit log, chained in position order, then skipped the late one: crash battery, round 17 of 100).
     * <p>
     * Why it holds: the highest committed position is read first, the lowest held one second. A position below
     * the first that was not committed then had been given out before it, so its transaction had registered its
     * hold before its insert and was still holding at the second read, unless it had rolled back (a gap forever).
     */
    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        long settled = Math.min(nextPosition(), lowestHeld());
        return engine.readEvents(trackingToken, mayBlock).takeWhile(event -> {
            long position = event.trackingToken().position().orElse(Long.MAX_VALUE);
            return position < settled && position < lowestHeld();
        });
    }

    private long lowestHeld() {
        Map.Entry<Long, Integer> lowest = pending.firstEntry();
        return lowest == null ? Long.MAX_VALUE : lowest.getKey();
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        return engine.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return engine.readSnapshot(aggregateIdentifier);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return engine.lastSequenceNumberFor(aggregateIdentifier);
    }

    @Override
    public TrackingToken createTailToken() {
        return engine.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return engine.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return engine.createTokenAt(dateTime);
    }
}
