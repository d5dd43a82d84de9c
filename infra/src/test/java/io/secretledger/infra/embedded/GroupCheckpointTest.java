package io.secretledger.infra.embedded;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCheckpointTest {

    /** Checkpoints started so far, and the number of the last one finished (they never overlap). */
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
    private final AtomicInteger overlapping = new AtomicInteger();
    private final List<String> statements = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void canReturnOnlyAfterACheckpointThatStartedAfterTheCallAndGroupConcurrentCalls() throws Exception {
        GroupCheckpoint checkpoint = new GroupCheckpoint(slowCheckpoints(), true, meters);
        ExecutorService committers = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            results.add(committers.submit(() -> {
                boolean covered = true;
                for (int i = 0; i < 50; i++) {
                    long before = started.get();
                    checkpoint.await();
                    covered &= finished.get() > before;
                }
                return covered;
            }));
        }
        for (Future<Boolean> result : results) {
            assertThat(result.get()).as("every call waited for a checkpoint begun after it").isTrue();
        }
        committers.shutdown();

        assertThat(overlapping.get()).isZero();
        assertThat(checkpoint.writes()).isEqualTo(started.get()).isLessThan(8 * 50);
        assertThat(statements).containsOnly("CHECKPOINT SYNC");
        assertThat(meters.get("secretledger.event-store.group-commit").summary().totalAmount()).isEqualTo(8 * 50);
        assertThat(meters.get("secretledger.event-store.checkpoint").timer().count()).isEqualTo(checkpoint.writes());
    }

    @Test
    void cannotReturnNormallyWhenTheCheckpointFailsAndLetsTheNextCallTryAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        DataSource failingOnce = dataSource(sql -> {
            if (calls.incrementAndGet() == 1) {
                throw new SQLException("disk full");
            }
        });
        GroupCheckpoint checkpoint = new GroupCheckpoint(failingOnce, false, meters);

        assertThatThrownBy(checkpoint::await).isInstanceOf(IllegalStateException.class).hasRootCauseMessage("disk full");
        checkpoint.await();
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void canSyncTheNotedFilesBeforeASyncedCheckpointOnly(@TempDir Path directory) throws Exception {
        FilesSyncedWithEvents files = new FilesSyncedWithEvents();
        Path key = java.nio.file.Files.createDirectories(directory.resolve("vault/ab")).resolve("ab12.json");
        java.nio.file.Files.writeString(key, "{}");
        List<java.util.Set<Path>> pendingAtStatement = new ArrayList<>();
        DataSource recording = dataSource(sql -> pendingAtStatement.add(files.pending()));

        files.written(key);
        new GroupCheckpoint(recording, false, meters, files).await();
        assertThat(pendingAtStatement.get(0)).as("an unsynced checkpoint leaves the files to the next synced one")
                .containsExactlyInAnyOrder(key, key.getParent(), key.getParent().getParent());
        java.nio.file.Files.delete(key);
        files.written(directory.resolve("vault/ab/gone.json"));
        new GroupCheckpoint(recording, true, meters, files).await();

        assertThat(pendingAtStatement.get(1)).as("synced before the checkpoint's own fsync, a removed file skipped")
                .isEmpty();
    }

    @Test
    void canCheckpointARealH2Database(@TempDir Path directory) throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + directory.resolve("events") + ";WRITE_DELAY=500");
        h2.setUser("sa");
        try (Connection connection = h2.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            statement.execute("INSERT INTO t VALUES (1)");
            new GroupCheckpoint(h2, true, meters).await();
            new GroupCheckpoint(h2, false, meters).await();
        }
    }

    private DataSource slowCheckpoints() {
        return dataSource(sql -> {
            long number = started.incrementAndGet();
            if (finished.get() != number - 1) {
                overlapping.incrementAndGet();
            }
            synchronized (statements) {
                statements.add(sql);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.set(number);
        });
    }

    private interface Execution {
        void run(String sql) throws SQLException;
    }

    private static DataSource dataSource(Execution execution) {
        Statement statement = proxy(Statement.class, (method, args) -> {
            if (method.equals("execute")) {
                execution.run((String) args[0]);
                return true;
            }
            return null;
        });
        Connection connection = proxy(Connection.class, (method, args) -> method.equals("createStatement") ? statement : null);
        return proxy(DataSource.class, (method, args) -> method.equals("getConnection") ? connection : null);
    }

    private interface Answer {
        Object answer(String method, Object[] args) throws SQLException;
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> answer.answer(method.getName(), args)));
    }
}
