package io.secretledger.infra.embedded;

import java.nio.file.Path;

/** Consistent copies of the default profile's event store, for backups (docs/adr/0020). */
public interface EventStoreCopies {

    /**
     * Writes H2's online backup of the event store ({@code BACKUP TO}, a zip holding {@code events.mv.db}) to
     * {@code zip}, while commands go on; the event store's chunks are not moved while it is made.
     */
    void copyTo(Path zip);
}
