package io.secretledger.infra.diskspace;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.ErrorDetails;
import io.secretledger.infra.SecretLedgerProperties;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.Registration;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps the embedded stores from ever meeting a full disk: an MVStore that fails a write closes itself for good
 * (the projection store then answered "This store is closed" until a restart, issue 18). Every 200 ms the free
 * space of the data directory's disk is read; below {@code secretledger.storage.min-free-space} every command
 * (a change, a reveal, whatever appends an event) is refused with UNAVAILABLE before it touches a store, and the
 * space file {@code <data-dir>/reserved-space} is given back, so the stores' own background writes (processors'
 * tokens and claims, the deadline scheduler) still find room however full another process made the disk. Once
 * there is room for the minimum and the reserve again, the reserve is taken back and commands are accepted.
 */
@Component
@Profile("!axonserver")
public class DiskSpaceGuard implements SmartLifecycle, MessageHandlerInterceptor<CommandMessage<?>>, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(DiskSpaceGuard.class);
    static final String RESERVE_FILE = "reserved-space";
    private static final long CHECK_EVERY_MILLIS = 200;

    private final Path dataDir;
    private final Path reserve;
    private final long minFree;
    private final long reserveBytes;
    private final Registration registration;
    private volatile boolean accepting = true;
    private volatile long lastUsable = -1;
    private volatile Thread watcher;

    DiskSpaceGuard(SecretLedgerProperties properties, CommandBus commandBus,
                   @Value("${secretledger.storage.min-free-space:256MB}") DataSize minFree,
                   @Value("${secretledger.storage.reserve:64MB}") DataSize reserve) {
        this.dataDir = properties.dataDir();
        this.reserve = dataDir.resolve(RESERVE_FILE);
        this.minFree = minFree.toBytes();
        this.reserveBytes = reserve.toBytes();
        this.registration = commandBus.registerHandlerInterceptor(this);
    }

    /**
     * Refuses a command while the disk is nearly full; a command that failed on a file (the key vault's, say)
     * while the disk filled up, before the next look, is answered the same way instead of INTERNAL.
     */
    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        if (!accepting) {
            throw unavailable();
        }
        try {
            return chain.proceed();
        } catch (Exception e) {
            if (failedOnAFile(e)) {
                look(false);
                if (!accepting) {
                    throw unavailable();
                }
            }
            throw e;
        }
    }

    private CommandExecutionException unavailable() {
        String message = "The data directory's disk is nearly full (" + (lastUsable >> 20) + " MiB free, "
                + (minFree >> 20) + " MiB needed): nothing was changed; free some space and try again";
        return new CommandExecutionException(message, null, ErrorDetails.of(ErrorCode.UNAVAILABLE, null, message));
    }

    private static boolean failedOnAFile(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof java.io.UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    /** Whether commands are accepted: the disk had room for the minimum at the last look. */
    public boolean accepting() {
        return accepting;
    }

    /** A look from the watcher, which may also take the reserve back. */
    void check() {
        look(true);
    }

    /**
     * Reads the free space and stops or resumes accepting commands; the reserve is written back only when
     * {@code mayTake} (the watcher's thread): a request that failed on a file only looks, and never waits for
     * 64 MB to be written (review finding).
     */
    private synchronized void look(boolean mayTake) {
        long usable;
        try {
            Files.createDirectories(dataDir);
            usable = Files.getFileStore(dataDir).getUsableSpace();
        } catch (IOException e) {
            log.warn("Cannot read the free space of {}: {}", dataDir, e.toString());
            return;
        }
        lastUsable = usable;
        boolean held = Files.exists(reserve);
        if (accepting && usable < minFree) {
            accepting = false;
            release();
            log.warn("The disk of {} is nearly full ({} MiB free, {} MiB needed): refusing changes and reveals "
                    + "until there is room again", dataDir, usable >> 20, minFree >> 20);
        } else if (!accepting && usable >= minFree + (held ? 0 : reserveBytes) && (held || mayTake)) {
            if (!held && !take()) {
                return;
            }
            accepting = true;
            log.info("The disk of {} has room again ({} MiB free): accepting changes", dataDir, usable >> 20);
        } else if (accepting && !held && mayTake && usable >= minFree + reserveBytes) {
            take();
        }
    }

    private void release() {
        try {
            Files.deleteIfExists(reserve);
        } catch (IOException e) {
            log.warn("Cannot give back the reserved space {}: {}", reserve, e.toString());
        }
    }

    /** Writes the reserve with real blocks (a sparse file would reserve nothing). */
    private boolean take() {
        Path partial = dataDir.resolve(RESERVE_FILE + ".tmp");
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (long written = 0; written < reserveBytes; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, reserveBytes - written));
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the next look tries again
            }
            return false;
        }
        try {
            Files.move(partial, reserve, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Health health() {
        Health.Builder health = accepting ? Health.up() : Health.outOfService();
        return health.withDetail("freeBytes", lastUsable).withDetail("minFreeBytes", minFree).build();
    }

    @Override
    public void start() {
        check();
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(CHECK_EVERY_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                check();
            }
        }, "disk-space-guard");
        thread.setDaemon(true);
        thread.start();
        watcher = thread;
    }

    @Override
    public void stop() {
        Thread thread = watcher;
        watcher = null;
        if (thread != null) {
            thread.interrupt();
        }
        registration.cancel();
    }

    @Override
    public boolean isRunning() {
        return watcher != null;
    }

    /** Before the processors and the web server, so nothing is written unguarded. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1_000;
    }
}
