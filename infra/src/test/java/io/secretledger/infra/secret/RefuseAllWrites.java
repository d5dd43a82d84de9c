package io.secretledger.infra.secret;

import org.h2.api.Trigger;

import java.sql.Connection;
import java.sql.SQLException;

/** An H2 trigger that makes the event store refuse every append, as a full or failing disk would. */
public class RefuseAllWrites implements Trigger {

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException("the event store refuses writes (test)");
    }
}
