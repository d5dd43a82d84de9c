package io.secretledger.command;

import org.axonframework.common.lock.Lock;
import org.axonframework.common.lock.LockAcquisitionFailedException;
import org.axonframework.common.lock.LockFactory;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Aggregate locks that units of work share while they only read the aggregate, and hold alone to change it.
 * <p>
 * Why: a reveal or a create reads the Workspace, the Template, a Ticket and the member's Verification to decide
 * (docs/adr/0003), and Axon's default lock is exclusive until the unit of work ends, so every reveal and create of
 * a workspace waited for the one before it, its commit included (bench: no two commits ever grouped). Loads made
 * inside {@link #reading} take the shared lock; every other load (the aggregate's own command handlers) takes the
 * exclusive one, so a reader never sees a change half made or later rolled back, and a change waits for the
 * readers before it. The decision still reflects every change acknowledged before the command: a change holds
 * its exclusive lock until its unit of work has committed.
 */
public final class ReadSharedLocks implements LockFactory {

    private static final ThreadLocal<Boolean> READING = ThreadLocal.withInitial(() -> false);

    private final ConcurrentHashMap<String, ReentrantReadWriteLock> locks = new ConcurrentHashMap<>();
    private final Duration timeout;

    public ReadSharedLocks(Duration timeout) {
        this.timeout = timeout;
    }

    /** Runs a load that only reads: the aggregate's lock, if this unit of work takes it now, is the shared one. */
    public static <T> T reading(Supplier<T> load) {
        boolean was = READING.get();
        READING.set(true);
        try {
            return load.get();
        } finally {
            READING.set(was);
        }
    }

    @Override
    public Lock obtainLock(String identifier) {
        boolean reading = READING.get();
        while (true) {
            ReentrantReadWriteLock lock = locks.computeIfAbsent(identifier, id -> new ReentrantReadWriteLock());
            java.util.concurrent.locks.Lock held = reading ? lock.readLock() : lock.writeLock();
            acquire(held, identifier);
            if (locks.get(identifier) == lock) {
                return new Held(identifier, lock, held);
            }
            // Dropped from the map by its last holder between the lookup and the lock: take the current one.
            held.unlock();
        }
    }

    /** How many aggregates have a lock now (held or waited for); the others' locks are dropped. */
    int size() {
        return locks.size();
    }

    private void acquire(java.util.concurrent.locks.Lock held, String identifier) {
        try {
            if (!held.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new LockAcquisitionFailedException("Could not lock aggregate " + identifier + " within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockAcquisitionFailedException("Interrupted while locking aggregate " + identifier, e);
        }
    }

    private final class Held implements Lock {

        private final String identifier;
        private final ReentrantReadWriteLock lock;
        private final java.util.concurrent.locks.Lock held;
        private boolean released;

        private Held(String identifier, ReentrantReadWriteLock lock, java.util.concurrent.locks.Lock held) {
            this.identifier = identifier;
            this.lock = lock;
            this.held = held;
        }

        @Override
        public void release() {
            if (released) {
                return;
            }
            released = true;
            held.unlock();
            locks.computeIfPresent(identifier, (id, current) -> current == lock && !lock.isWriteLocked()
                    && lock.getReadLockCount() == 0 && !lock.hasQueuedThreads() ? null : current);
        }

        @Override
        public boolean isHeld() {
            return !released;
        }
    }
}
