package io.secretledger.infra.embedded;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event store's file, written as the service writes it (small transactions, a synced checkpoint after each
 * group, a short retention), keeps the holes its own housekeeping leaves unless chunks are moved into them; with the
 * moves, the file comes down to about what its live chunks hold while the database stays open, and every row is
 * still there after it is opened again. Without the moves the file stayed at 15 of its 24 MB, 45 % of it in chunks.
 */
class EventStoreCompactionTest {

    @Test
    void movesTheEventStoresChunksIntoTheHolesOfItsFile(@TempDir Path dir) throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + dir.resolve("events") + ";WRITE_DELAY=500;RETENTION_TIME=1000");
        Path file = dir.resolve("events.mv.db");
        String payload = "e".repeat(400);
        long grown;
        long compacted;
        try (Connection keepOpen = dataSource.getConnection(); Statement statement = keepOpen.createStatement()) {
            statement.execute("CREATE TABLE events (id BIGINT PRIMARY KEY, payload VARCHAR(1000))");
            // Rows are replaced in bursts, as a replay or a burst of commands rewrites the same pages: the file
            // grows for the burst, and its housekeeping later frees the chunks, which leaves holes behind.
            try (PreparedStatement merge = keepOpen.prepareStatement("MERGE INTO events KEY (id) VALUES (?, ?)")) {
                for (int i = 0; i < 30_000; i++) {
                    merge.setLong(1, i % 3_000);
                    merge.setString(2, payload + i);
                    merge.executeUpdate();
                    if (i % 20 == 19) {
                        statement.execute("CHECKPOINT SYNC");
                    }
                }
            }
            grown = Files.size(file);
            org.h2.mvstore.MVStore store = ((org.h2.engine.SessionLocal) keepOpen.unwrap(org.h2.jdbc.JdbcConnection.class)
                    .getSession()).getDatabase().getStore().getMvStore();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Files.size(file) >= grown / 2 && System.nanoTime() < deadline) {
                statement.execute("CHECKPOINT SYNC");
                FileCompaction.moveChunks(store);
                Thread.sleep(200);
            }
            compacted = Files.size(file);
        }
        assertThat(compacted).as("bytes of the file once its chunks were moved (it had grown to %d)", grown)
                .isLessThan(grown / 2);
        try (Connection again = dataSource.getConnection();
             ResultSet rows = again.createStatement().executeQuery("SELECT COUNT(*), MIN(payload) FROM events")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1)).isEqualTo(3_000);
            assertThat(rows.getString(2)).startsWith(payload);
        }
    }
}
