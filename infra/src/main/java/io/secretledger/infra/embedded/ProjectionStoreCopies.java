package io.secretledger.infra.embedded;

import de.bwaldvogel.mongo.MongoServer;

import java.nio.file.Path;

/** Consistent copies of the default profile's projection store, for backups (docs/adr/0020). */
public interface ProjectionStoreCopies {

    /**
     * Writes the store as it stood between two commands into a new file, while commands go on: tokens and the
     * documents they stand for are copied from the same instant.
     */
    void copyTo(Path file);

    /** The projection store of {@code dataDir} ({@code projections.mv}) served on a free loopback port. */
    static MongoServer serve(Path dataDir) {
        return EmbeddedStorageConfiguration.projectionServer(dataDir);
    }
}
