package io.secretledger.infra.embedded;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import io.secretledger.api.audit.AuditChainReport;
import io.secretledger.query.audit.AuditChains;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.serialization.json.JacksonSerializer;
import org.h2.jdbcx.JdbcDataSource;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * {@code java -jar secretledger-exec.jar verify-audit [--data-dir=./data] [--from=<instant>] [--to=<instant>]}: the
 * audit chains of a data directory verified against its event store, with the service stopped (both stores are
 * opened by one process at a time), the event store read-only. Exit status 0 when every chain is intact, 1 when
 * one is not (the first broken entry of each is printed), 2 when the directory cannot be read.
 */
public final class AuditVerification {

    public static final String COMMAND = "verify-audit";

    private AuditVerification() {
    }

    public static int run(String[] args, PrintStream out) {
        Path dataDir = Path.of("data");
        Instant from = null;
        Instant to = null;
        try {
            for (String arg : args) {
                if (arg.startsWith("--data-dir=")) {
                    dataDir = Path.of(arg.substring("--data-dir=".length()));
                } else if (arg.startsWith("--from=")) {
                    from = Instant.parse(arg.substring("--from=".length()));
                } else if (arg.startsWith("--to=")) {
                    to = Instant.parse(arg.substring("--to=".length()));
                } else if (!arg.equals(COMMAND)) {
                    out.println("Unknown argument " + arg + "; use --data-dir=, --from=, --to= (ISO-8601 instants)");
                    return 2;
                }
            }
        } catch (java.time.format.DateTimeParseException e) {
            out.println("--from and --to take ISO-8601 instants, such as 2026-11-01T00:00:00Z");
            return 2;
        }
        if (!Files.exists(dataDir.resolve("events.mv.db")) || !Files.exists(dataDir.resolve("projections.mv"))) {
            out.println("No SecretLedger data in " + dataDir.toAbsolutePath());
            return 2;
        }
        JdbcDataSource events = new JdbcDataSource();
        events.setURL("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("events") + ";ACCESS_MODE_DATA=r");
        events.setUser("sa");
        events.setPassword("");
        MongoServer projections;
        try {
            projections = EmbeddedStorageConfiguration.projectionServer(dataDir);
        } catch (RuntimeException e) {
            out.println("Cannot open the projection store (is the service still running?): " + e.getMessage());
            return 2;
        }
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(JsonMapper.builder()
                .findAndAddModules().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()).build();
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(EmbeddedStorageConfiguration.engine(
                events::getConnection, NoTransactionManager.INSTANCE, serializer, serializer)).build();
        InetSocketAddress address = projections.getLocalAddress();
        try (MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":"
                + address.getPort())) {
            Map<String, AuditChainReport> reports = new AuditChains(client.getDatabase("secretledger"),
                    () -> store.openStream(null)).verifyAll(from, to);
            boolean intact = true;
            for (Map.Entry<String, AuditChainReport> report : reports.entrySet()) {
                AuditChainReport chain = report.getValue();
                intact &= chain.intact();
                out.println(chain.intact()
                        ? "workspace " + report.getKey() + ": intact, " + chain.checked() + " entries checked"
                        : "workspace " + report.getKey() + ": BROKEN at position " + chain.firstBroken() + " ("
                                + chain.reason() + "), expected hash " + chain.expectedHash() + ", stored hash "
                                + chain.storedHash() + ", after " + chain.checked() + " intact entries");
            }
            out.println(intact ? "All " + reports.size() + " audit chain(s) intact" : "Audit log tampered with or "
                    + "behind the event store");
            return intact ? 0 : 1;
        } catch (RuntimeException e) {
            out.println("Cannot read the event store (is the service still running?): " + e.getMessage());
            return 2;
        } finally {
            store.shutDown();
            projections.shutdownNow();
        }
    }
}
