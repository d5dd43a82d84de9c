package io.secretledger.infra.embedded;

import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class H2EventTableFactoryTest {

    private static final EventSchema SCHEMA = EventSchema.builder().build();

    @Test
    void canMoveTheBlobColumnsOfAnOlderEventStoreToVarbinaryKeepingEveryValue(@TempDir Path directory) throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + directory.resolve("events"));
        h2.setUser("sa");
        byte[] payload = "{\"secretId\":\"s-1\"}".getBytes(StandardCharsets.UTF_8);
        try (Connection connection = h2.getConnection(); Statement statement = connection.createStatement()) {
            // The tables as the event store created them before payloads moved out of BLOBs.
            statement.execute("CREATE TABLE " + SCHEMA.domainEventTable() + " (globalIndex BIGINT AUTO_INCREMENT "
                    + "PRIMARY KEY, payload BLOB NOT NULL, metaData BLOB)");
            statement.execute("CREATE TABLE " + SCHEMA.snapshotTable() + " (aggregateIdentifier VARCHAR(255) "
                    + "PRIMARY KEY, payload BLOB NOT NULL, metaData BLOB)");
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + SCHEMA.domainEventTable() + " (payload, metaData) VALUES (?, ?)")) {
                insert.setBytes(1, payload);
                insert.setBytes(2, new byte[] {1, 2, 3});
                insert.executeUpdate();
            }

            assertThat(H2EventTableFactory.inlineLobColumns(connection, SCHEMA)).containsExactlyInAnyOrder(
                    "DOMAINEVENTENTRY.PAYLOAD", "DOMAINEVENTENTRY.METADATA",
                    "SNAPSHOTEVENTENTRY.PAYLOAD", "SNAPSHOTEVENTENTRY.METADATA");
            assertThat(H2EventTableFactory.inlineLobColumns(connection, SCHEMA)).as("nothing left to move").isEmpty();

            try (ResultSet rows = statement.executeQuery("SELECT payload, metaData FROM " + SCHEMA.domainEventTable())) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getBytes(1)).isEqualTo(payload);
                assertThat(rows.getBytes(2)).containsExactly(1, 2, 3);
            }
            try (ResultSet types = statement.executeQuery("SELECT DISTINCT DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS "
                    + "WHERE COLUMN_NAME IN ('PAYLOAD', 'METADATA')")) {
                assertThat(types.next()).isTrue();
                assertThat(types.getString(1)).isEqualTo("BINARY VARYING");
                assertThat(types.next()).isFalse();
            }
        }
    }
}
