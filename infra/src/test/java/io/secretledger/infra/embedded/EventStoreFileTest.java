package io.secretledger.infra.embedded;

import org.h2.jdbcx.JdbcDataSource;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event store's file, written as the service writes it (small transactions, a synced checkpoint after each
 * group, a short retention), keeps the holes its own housekeeping leaves unless chunks are moved into them; with the
 * moves, the file comes down to about what its live chunks hold while the database stays open, and every row is
 * still there after it is opened again.
 * Backups made while the moves and the writes go on open with every row.
 */
class EventStoreFileTest {

    private static final int ROWS = 3_000;
    private static final String PAYLOAD = "e".repeat(400);

    @Test
    void movesTheEventStoresChunksIntoTheHolesOfItsFile(@TempDir Path dir) throws Exception {
        JdbcDataSource dataSource = dataSource(dir.resolve("events"));
        Path file = dir.resolve("events.mv.db");
        long grown;
        long compacted;
        try (Connection keepOpen = dataSource.getConnection(); Statement statement = keepOpen.createStatement()) {
            holeBeforeTheRows(keepOpen);
            grown = Files.size(file);
            MVStore store = EventStoreFile.mvStore(dataSource);
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
        assertEveryRow(dataSource);
    }

    /**
     * H2's {@code BACKUP TO} copies the file without the store's lock: a move during the copy would overwrite or cut
     * off chunks it had not read yet. Moves and writes run flat out while copies are made; each copy opens with
     * every row, and some rounds of moves had to wait for a copy.
     */
    @Test
    void backupsMadeWhileChunksMoveOpenWithEveryRow(@TempDir Path dir) throws Exception {
        JdbcDataSource dataSource = dataSource(dir.resolve("events"));
        EventStoreFile eventStore = new EventStoreFile(dataSource);
        try (Connection keepOpen = dataSource.getConnection()) {
            fragment(keepOpen);
            MVStore store = EventStoreFile.mvStore(dataSource);
            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger moved = new AtomicInteger();
            AtomicInteger skipped = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread movesAndWrites = new Thread(() -> {
                try (Connection writer = dataSource.getConnection();
                     PreparedStatement merge = writer.prepareStatement("MERGE INTO events KEY (id) VALUES (?, ?)");
                     Statement checkpoint = writer.createStatement()) {
                    for (int i = 0; !done.get(); i++) {
                        merge.setLong(1, i % ROWS);
                        merge.setString(2, PAYLOAD + "again" + i);
                        merge.executeUpdate();
                        if (i % 20 == 19) {
                            checkpoint.execute("CHECKPOINT SYNC");
                            (eventStore.moveChunks(store) ? moved : skipped).incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "moves-and-writes");
            movesAndWrites.start();
            try {
                for (int copy = 0; copy < 6; copy++) {
                    Path zip = dir.resolve("backup-" + copy + ".zip");
                    eventStore.copyTo(zip);
                    Path restored = Files.createDirectories(dir.resolve("restored-" + copy));
                    unzipDatabase(zip, restored.resolve("events.mv.db"));
                    assertEveryRow(dataSource(restored.resolve("events")));
                }
            } finally {
                done.set(true);
                movesAndWrites.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertThat(failure.get()).isNull();
            assertThat(moved.get()).as("rounds of moves made").isPositive();
            assertThat(skipped.get()).as("rounds of moves that waited for a copy").isPositive();
        }
        assertEveryRow(dataSource);
    }

    /**
     * A table written first and dropped once the rows were written after it, as a replay's or a burst's pages die
     * once rewritten: a hole at the start of the file and the live rows at its end, whatever the speed of the
     * machine (a burst of rewrites alone let H2's housekeeping keep up on a loaded machine, and the file never grew).
     * New chunks fit in the hole, so H2 itself never moves the rows back.
     */
    private static void holeBeforeTheRows(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE spare (id BIGINT PRIMARY KEY, payload VARCHAR(1000))");
            statement.execute("CREATE TABLE events (id BIGINT PRIMARY KEY, payload VARCHAR(1000))");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO spare VALUES (?, ?)")) {
                for (int i = 0; i < 8 * ROWS; i++) {
                    insert.setLong(1, i);
                    insert.setString(2, PAYLOAD + i);
                    insert.executeUpdate();
                    if (i % 500 == 499) {
                        statement.execute("CHECKPOINT SYNC");
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO events VALUES (?, ?)")) {
                for (int i = 0; i < ROWS; i++) {
                    insert.setLong(1, i);
                    insert.setString(2, PAYLOAD + i);
                    insert.executeUpdate();
                    if (i % 500 == 499) {
                        statement.execute("CHECKPOINT SYNC");
                    }
                }
            }
            statement.execute("DROP TABLE spare");
            statement.execute("CHECKPOINT SYNC");
        }
    }

    private static JdbcDataSource dataSource(Path database) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + database + ";WRITE_DELAY=500;RETENTION_TIME=1000");
        return dataSource;
    }

    /**
     * Rows are replaced in bursts, as a replay or a burst of commands rewrites the same pages: the file grows for
     * the burst, and its housekeeping later frees the chunks, which leaves holes behind.
     */
    private static void fragment(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE events (id BIGINT PRIMARY KEY, payload VARCHAR(1000))");
        }
        try (Statement statement = connection.createStatement();
             PreparedStatement merge = connection.prepareStatement("MERGE INTO events KEY (id) VALUES (?, ?)")) {
            for (int i = 0; i < 10 * ROWS; i++) {
                merge.setLong(1, i % ROWS);
                merge.setString(2, PAYLOAD + i);
                merge.executeUpdate();
                if (i % 20 == 19) {
                    statement.execute("CHECKPOINT SYNC");
                }
            }
        }
    }

    private static void assertEveryRow(JdbcDataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*), COUNT(CASE WHEN payload LIKE '"
                     + PAYLOAD + "%' THEN 1 END) FROM events")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1)).as("rows").isEqualTo(ROWS);
            assertThat(rows.getLong(2)).as("rows with their whole payload").isEqualTo(ROWS);
        }
    }

    private static void unzipDatabase(Path zip, Path target) throws Exception {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (entry.getName().endsWith(".mv.db")) {
                    Files.copy((InputStream) in, target);
                    return;
                }
            }
        }
        throw new AssertionError("The backup held no database file");
    }
}
