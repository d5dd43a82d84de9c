package io.secretledger.infra.embedded;

import org.axonframework.eventsourcing.eventstore.jdbc.AbstractEventTableFactory;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Axon's HSQL table DDL fails on H2 2.x; these are the H2 column types of the same schema.
 * <p>
 * Payloads and metadata are {@code VARBINARY}, kept inside the table's pages, not {@code BLOB}: H2 2.3 keeps
 * every BLOB in a separate LOB store whose background cleaner corrupted the database under the reveal benchmark
 * ("MVStoreException: Position 0" in {@code LobStorageMap.cleanup}, then "The database has been closed"), and
 * the LOB store made the file grow by some 40 KB per event.
 */
public final class H2EventTableFactory extends AbstractEventTableFactory {

    public static final H2EventTableFactory INSTANCE = new H2EventTableFactory();

    static final String PAYLOAD_TYPE = "VARBINARY(1000000000)";

    private H2EventTableFactory() {
    }

    @Override
    protected String idColumnType() {
        return "BIGINT AUTO_INCREMENT";
    }

    @Override
    protected String payloadType() {
        return PAYLOAD_TYPE;
    }

    /**
     * Turns the BLOB columns of an event store created before into {@code VARBINARY}, keeping every value; returns
     * the columns it changed ({@code table.column}).
     */
    public static List<String> inlineLobColumns(Connection connection, EventSchema schema) throws SQLException {
        List<String> changed = new ArrayList<>();
        try (PreparedStatement columns = connection.prepareStatement("""
                SELECT TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS
                WHERE TABLE_SCHEMA = SCHEMA() AND DATA_TYPE = 'BINARY LARGE OBJECT'
                  AND TABLE_NAME IN (UPPER(?), UPPER(?))""")) {
            columns.setString(1, schema.domainEventTable());
            columns.setString(2, schema.snapshotTable());
            try (ResultSet rows = columns.executeQuery()) {
                while (rows.next()) {
                    changed.add(rows.getString(1) + "." + rows.getString(2));
                }
            }
        }
        try (Statement alter = connection.createStatement()) {
            for (String column : changed) {
                String[] parts = column.split("\\.");
                alter.execute("ALTER TABLE \"" + parts[0] + "\" ALTER COLUMN \"" + parts[1] + "\" SET DATA TYPE "
                        + PAYLOAD_TYPE);
            }
        }
        return changed;
    }
}
