package io.secretledger.infra.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Files written beside the event store whose loss would make durable events useless - a secret's data key in the
 * file key vault - forced to the disk by the event store's next group checkpoint, before its own fsync. An event
 * that depends on such a file is appended after the file was written, so the checkpoint that makes the event
 * durable makes the file durable first; many files share one checkpoint, as many commits share one fsync.
 */
public final class FilesSyncedWithEvents {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FilesSyncedWithEvents.class);
    private final Object lock = new Object();
    private Set<Path> pending = new LinkedHashSet<>();
    private java.util.List<Runnable> afterSync = new java.util.ArrayList<>();

    /** Notes a file just written or moved into place: it, its directory and the directory's own entry are synced. */
    public void written(Path file) {
        Path absolute = file.toAbsolutePath();
        synchronized (lock) {
            pending.add(absolute);
            Path directory = absolute.getParent();
            if (directory != null) {
                pending.add(directory);
                if (directory.getParent() != null) {
                    pending.add(directory.getParent());
                }
            }
        }
    }

    /**
     * Notes a file moved into place, as {@link #written(Path)}, and what to do once the move is on the disk: the
     * key vault overwrites the copy the move replaced, which must not happen while a crash could still bring it back.
     */
    public void written(Path file, Runnable afterDurable) {
        synchronized (lock) {
            written(file);
            afterSync.add(afterDurable);
        }
    }

    /** How many actions wait for the next sync. */
    public int waitingActions() {
        synchronized (lock) {
            return afterSync.size();
        }
    }

    /** The files and directories that wait for the next sync. */
    public Set<Path> pending() {
        synchronized (lock) {
            return Set.copyOf(pending);
        }
    }

    /**
     * Forces every file noted so far to the disk, a file removed since skipped, then runs what waited for them; an
     * action that fails is logged, since the files it followed are on the disk.
     */
    public void sync() {
        Set<Path> due;
        java.util.List<Runnable> then;
        synchronized (lock) {
            if (pending.isEmpty()) {
                return;
            }
            due = pending;
            pending = new LinkedHashSet<>();
            then = afterSync;
            afterSync = new java.util.ArrayList<>();
        }
        for (Path path : due) {
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                channel.force(true);
            } catch (NoSuchFileException gone) {
                // replaced or deleted since; its replacement was noted on its own
            } catch (IOException e) {
                synchronized (lock) {
                    pending.addAll(due);
                    afterSync.addAll(0, then);
                }
                throw new UncheckedIOException("Cannot sync " + path.getFileName() + " to the disk", e);
            }
        }
        for (Runnable action : then) {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.warn("After syncing the files beside the event store: {}", e.toString());
            }
        }
    }
}
