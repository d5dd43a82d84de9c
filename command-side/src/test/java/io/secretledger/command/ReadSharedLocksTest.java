package io.secretledger.command;

import org.axonframework.common.lock.Lock;
import org.axonframework.common.lock.LockAcquisitionFailedException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadSharedLocksTest {

    private final ReadSharedLocks locks = new ReadSharedLocks(Duration.ofMillis(200));

    @Test
    void canLetReadersHoldTheSameAggregateTogether() throws Exception {
        Lock first = ReadSharedLocks.reading(() -> locks.obtainLock("ws-1"));
        boolean secondHeld = CompletableFuture.supplyAsync(() -> {
            Lock second = ReadSharedLocks.reading(() -> locks.obtainLock("ws-1"));
            boolean held = second.isHeld();
            second.release();
            return held;
        }).get(5, TimeUnit.SECONDS);

        assertThat(first.isHeld()).isTrue();
        assertThat(secondHeld).isTrue();
        first.release();
        assertThat(first.isHeld()).isFalse();
    }

    @Test
    void cannotLetAWriterInWhileAReaderHoldsTheAggregateNorAReaderWhileAWriterDoes() throws Exception {
        Lock reader = ReadSharedLocks.reading(() -> locks.obtainLock("ws-1"));
        assertThatThrownBy(() -> CompletableFuture.supplyAsync(() -> locks.obtainLock("ws-1")).join())
                .hasCauseInstanceOf(LockAcquisitionFailedException.class);
        reader.release();

        Lock writer = locks.obtainLock("ws-1");
        assertThatThrownBy(() -> CompletableFuture.supplyAsync(
                () -> ReadSharedLocks.reading(() -> locks.obtainLock("ws-1"))).join())
                .hasCauseInstanceOf(LockAcquisitionFailedException.class);
        assertThat(CompletableFuture.supplyAsync(() -> {
            Lock other = locks.obtainLock("ws-2");
            other.release();
            return true;
        }).get(5, TimeUnit.SECONDS)).as("another aggregate is not affected").isTrue();
        writer.release();
    }

    @Test
    void canKeepWritersExclusiveAndDropUnusedLocksUnderContention() throws Exception {
        ReadSharedLocks patient = new ReadSharedLocks(Duration.ofSeconds(30));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            boolean reader = t % 2 == 0;
            running.add(threads.submit(() -> {
                for (int i = 0; i < 2_000; i++) {
                    String id = "agg-" + (i % 3);
                    Lock lock = reader ? ReadSharedLocks.reading(() -> patient.obtainLock(id)) : patient.obtainLock(id);
                    if (!reader && id.equals("agg-0")) {
                        if (inside.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        inside.decrementAndGet();
                    }
                    lock.release();
                }
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();

        assertThat(overlaps.get()).isZero();
        assertThat(patient.size()).as("no lock kept once nobody holds or waits for it").isZero();
    }
}
