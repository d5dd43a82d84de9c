package io.secretledger.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The auditors' figures over a large history: a data directory gets {@code events} reveal events written straight
 * into its event store while the service is stopped ({@code whoCouldRevealEvents} of them on one real secret, the
 * rest spread over synthetic secrets of the same workspace), then the service starts with a 256 MiB heap and is
 * measured catching its projections up, answering {@code whoCouldReveal} over that secret's history, exporting
 * the whole audit log as NDJSON, and rebuilding the audit log alone.
 */
final class AuditBench {

    static final long HEAP_LIMIT_MIB = Long.getLong("secretledger.bench.audit-heap-mib", 256);

    private AuditBench() {
    }

    static List<String> measure(Path jar, Path dir, List<String> jvmOptions, int events, int whoCouldRevealEvents,
                                Map<String, Stats> figures) throws Exception {
        List<String> lines = new ArrayList<>();
        String token;
        String secretId;
        try (AppProcess app = AppProcess.start(jar, dir, jvmOptions)) {
            token = app.token(Duration.ofSeconds(120));
            GraphQl owner = new GraphQl(app.port, token);
            String templateId = Bench.createTemplate(owner);
            List<String> secrets = new ArrayList<>();
            Bench.createSecret(owner, templateId, secrets);
            secretId = secrets.get(0);
            Bench.reveal(owner, secrets);
        }
        long seedStart = System.nanoTime();
        seed(dir, secretId, events, whoCouldRevealEvents);
        Bench.log(String.format(Locale.ROOT, "audit: %,d events written into the stopped store in %.1f s", events,
                (System.nanoTime() - seedStart) / 1e9));
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Xmx" + HEAP_LIMIT_MIB + "m");
        try (AppProcess app = AppProcess.start(jar, dir, options)) {
            GraphQl owner = new GraphQl(app.port, token);
            long started = System.nanoTime();
            while (!owner.answers()) {
                Thread.sleep(200);
            }
            awaitCaughtUp(owner, "audit-log");
            double catchUp = (System.nanoTime() - started) / 1e9;
            lines.add(String.format(Locale.ROOT, "Start with %,d new events: launched and every projection caught "
                    + "up in %.1f s (%,.0f events/s, all processors at once, heap limit %d MiB).", events, catchUp,
                    events / catchUp, HEAP_LIMIT_MIB));
            Bench.log(lines.get(lines.size() - 1));

            List<Long> who = new ArrayList<>();
            String at = Instant.now().toString();
            for (int i = 0; i < 25; i++) {
                long t = System.nanoTime();
                JsonNode answer = owner.execute("query($id: ID!, $at: DateTime!) { whoCouldReveal(secretId: $id, "
                        + "at: $at) { members { memberId grant } } }", Map.of("id", secretId, "at", at));
                who.add(System.nanoTime() - t);
                if (answer.path("whoCouldReveal").path("members").isEmpty()) {
                    throw new IllegalStateException("whoCouldReveal answered nobody");
                }
            }
            figures.put("whoCouldReveal", Stats.of(String.format(Locale.ROOT,
                    "whoCouldReveal over a secret with %,d events", whoCouldRevealEvents + 2), who.subList(5,
                    who.size()), 0));
            Bench.log(String.format(Locale.ROOT, "audit: whoCouldReveal median %.1f ms",
                    figures.get("whoCouldReveal").medianMillis()));

            AtomicLong peakHeap = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        double used = owner.metric("jvm.memory.used", "area:heap", "VALUE");
                        peakHeap.accumulateAndGet((long) used, Math::max);
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        // a sample lost is not a measurement changed
                    }
                }
            });
            // A daemon, and stopped below whatever happens: a sampler left running had kept a failed bench alive,
            // polling a stopped app at two thirds of a core through every later measurement.
            sampler.setDaemon(true);
            sampler.start();
            long entries;
            List<Long> exports = new ArrayList<>();
            try {
                // The first export warms the code up and is left out; the median of the next three is reported.
                entries = export(app.port, token);
                for (int round = 0; round < 3; round++) {
                    long exportStart = System.nanoTime();
                    long exported = export(app.port, token);
                    exports.add(System.nanoTime() - exportStart);
                    Bench.log(String.format(Locale.ROOT, "audit: export %d, %,d entries in %.1f s", round + 1,
                            exported, exports.get(round) / 1e9));
                    if (exported != entries || exported < events) {
                        throw new IllegalStateException("The export gave " + exported + " entries for " + events
                                + " events");
                    }
                }
            } finally {
                sampler.interrupt();
                sampler.join();
            }
            exports.sort(null);
            figures.put("auditExport", Stats.of(String.format(Locale.ROOT,
                    "audit export, NDJSON over HTTP, %,d entries (heap limit %d MiB, peak used %d MiB)", entries,
                    HEAP_LIMIT_MIB, peakHeap.get() >> 20), exports, entries / (exports.get(1) / 1e9)));

            long rebuildStart = System.nanoTime();
            owner.execute("mutation { rebuildProjection(input: {name: \"audit-log\"}) { name } }", Map.of());
            awaitCaughtUp(owner, "audit-log");
            double rebuild = (System.nanoTime() - rebuildStart) / 1e9;
            Bench.log(String.format(Locale.ROOT, "audit: rebuild of the audit log in %.1f s", rebuild));
            figures.put("auditRebuild", Stats.of(String.format(Locale.ROOT,
                    "rebuild of the audit log from %,d events", events), List.of((long) (rebuild * 1e9)),
                    events / rebuild));
        }
        return lines;
    }

    /** Reveal events appended in bulk, each a copy of the secret's real reveal with its own secret and sequence. */
    private static void seed(Path dir, String secretId, int events, int onSecret) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("events"), "sa", "")) {
            connection.setAutoCommit(false);
            String payload;
            String[] template = new String[5];
            long next;
            try (PreparedStatement read = connection.prepareStatement("SELECT metaData, payload, payloadRevision, "
                    + "payloadType, timeStamp, type FROM DomainEventEntry WHERE payloadType LIKE '%SecretRevealed' "
                    + "AND aggregateIdentifier = ?")) {
                read.setString(1, secretId);
                try (ResultSet row = read.executeQuery()) {
                    if (!row.next()) {
                        throw new IllegalStateException("No reveal of " + secretId + " to copy");
                    }
                    template[0] = new String(row.getBytes(1), StandardCharsets.UTF_8);
                    payload = new String(row.getBytes(2), StandardCharsets.UTF_8);
                    template[1] = row.getString(3);
                    template[2] = row.getString(4);
                    template[3] = row.getString(5);
                    template[4] = row.getString(6);
                }
            }
            try (PreparedStatement last = connection.prepareStatement(
                    "SELECT MAX(sequenceNumber) FROM DomainEventEntry WHERE aggregateIdentifier = ?")) {
                last.setString(1, secretId);
                try (ResultSet row = last.executeQuery()) {
                    row.next();
                    next = row.getLong(1) + 1;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO DomainEventEntry (eventIdentifier, "
                    + "metaData, payload, payloadRevision, payloadType, timeStamp, aggregateIdentifier, "
                    + "sequenceNumber, type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                String other = secretId;
                long sequence = next;
                for (int i = 0; i < events; i++) {
                    if (i >= onSecret && (i - onSecret) % 1_000 == 0) {
                        other = UUID.randomUUID().toString();
                        sequence = 0;
                    }
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setBytes(2, template[0].getBytes(StandardCharsets.UTF_8));
                    insert.setBytes(3, payload.replace(secretId, other).getBytes(StandardCharsets.UTF_8));
                    insert.setString(4, template[1]);
                    insert.setString(5, template[2]);
                    insert.setString(6, template[3]);
                    insert.setString(7, other);
                    insert.setLong(8, sequence++);
                    insert.setString(9, template[4]);
                    insert.addBatch();
                    if (i % 5_000 == 4_999) {
                        insert.executeBatch();
                        connection.commit();
                    }
                }
                insert.executeBatch();
                connection.commit();
            }
        }
    }

    private static long export(int port, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/audit/export"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(20)).GET().build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("The export answered " + response.statusCode());
        }
        // Every byte is read and its lines counted, without decoding them into strings: the client shares the two
        // cores with the service, and what is measured is the service's export.
        long count = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream body = response.body()) {
            for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private static void awaitCaughtUp(GraphQl owner, String projection) throws Exception {
        Thread.sleep(1_000);
        while (true) {
            for (JsonNode status : owner.execute("{ projections { name caughtUp replaying } }", Map.of())
                    .path("projections")) {
                if (status.path("name").asText().equals(projection) && status.path("caughtUp").asBoolean()
                        && !status.path("replaying").asBoolean()) {
                    return;
                }
            }
            Thread.sleep(500);
        }
    }
}
