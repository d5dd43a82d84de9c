package io.secretledger.infra.embedded;

import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.Storage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the default profile keeps in its data directory, and how. */
class EmbeddedStorageTest extends LiveApplicationTest {

    @Autowired
    private EventStorageEngine eventStorageEngine;

    @Test
    void everythingLivesUnderTheDataDirectory() {
        assertThat(DATA_DIR.resolve("events.mv.db")).isRegularFile();
        assertThat(DATA_DIR.resolve("projections.mv")).isRegularFile();
        assertThat(DATA_DIR.resolve("keys/master.key")).isRegularFile();
        assertThat(DATA_DIR.resolve("keys/jwt.key")).isRegularFile();
    }

    @Test
    void keysAreReadableByTheirOwnerOnly() throws Exception {
        for (Path key : new Path[] {DATA_DIR.resolve("keys/master.key"), DATA_DIR.resolve("keys/jwt.key")}) {
            assertThat(Files.getPosixFilePermissions(key))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            assertThat(Files.size(key)).isEqualTo(32);
        }
    }

    @Test
    void anAcknowledgedCommandIsInTheEventStoresFileBeforeItsAnswer() throws Exception {
        assertThat(eventStorageEngine).isInstanceOf(DurableAppends.class);
        String name = "Durable " + UUID.randomUUID();

        asOwner().document("""
                        mutation($name: String!) { createTemplate(input: {name: $name, fields: [
                          {key: "k", label: "K", type: TEXT}]}) { template { id } } }""")
                .variable("name", name).execute().path("createTemplate.template.id").hasValue();

        // H2 commits in memory and writes its file in the background every 500 ms; the answer waited for the
        // group checkpoint, so the event is in the file already.
        assertThat(Storage.filesContaining(DATA_DIR, name)).contains(DATA_DIR.resolve("events.mv.db"));
    }

    @Test
    void theEventStoreKeepsPayloadsInItsPagesNotInBlobs() throws Exception {
        try (Connection connection = eventStore.getConnection(); Statement statement = connection.createStatement();
             ResultSet types = statement.executeQuery("""
                     SELECT DISTINCT DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS
                     WHERE TABLE_NAME IN ('DOMAINEVENTENTRY', 'SNAPSHOTEVENTENTRY')
                       AND COLUMN_NAME IN ('PAYLOAD', 'METADATA')""")) {
            assertThat(types.next()).isTrue();
            assertThat(types.getString(1)).isEqualTo("BINARY VARYING");
            assertThat(types.next()).isFalse();
        }
    }
}
