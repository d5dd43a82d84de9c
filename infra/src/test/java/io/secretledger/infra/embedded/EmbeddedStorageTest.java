package io.secretledger.infra.embedded;

import io.secretledger.infra.support.LiveApplicationTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** What the default profile keeps in its data directory, and how. */
class EmbeddedStorageTest extends LiveApplicationTest {

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
    void theEventStoreWritesEachCommitBeforeTheAppendReturns() throws Exception {
        try (Connection connection = eventStore.getConnection(); Statement statement = connection.createStatement();
             ResultSet setting = statement.executeQuery(
                     "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            assertThat(setting.next()).isTrue();
            assertThat(setting.getString(1)).isEqualTo("0");
        }
    }
}
