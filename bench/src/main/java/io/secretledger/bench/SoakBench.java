package io.secretledger.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak section (issue 18, item 2): a given time of mixed creates, edits and reveals from 8 clients over
 * GraphQL while another process keeps one core busy. Every answer is sorted by its error code: the run must see no
 * {@code INTERNAL} (nor any answer without a stable code). Edits race on purpose (a client reads a version and edits
 * at it while others may do the same), so some answer {@code CONFLICT}: each edit either applies or is refused, and
 * none may be dropped. At the end a SIGKILL and a restart; once the projections have caught up, every acknowledged
 * create is there, every secret's value is that of its last acknowledged edit at its version, its reveal count is at
 * least the acknowledged reveals, and the audit chain is intact.
 */
final class SoakBench {

    private static final String CREATE = """
            mutation Create($templateId: ID!, $name: String!, $token: String!) {
              createSecret(input: {templateId: $templateId, name: $name,
                values: [{key: "tenant", value: "soak"}, {key: "token", value: $token}]}) { secret { id version } } }""";
    private static final String VERSION = "query($id: ID!) { secret(id: $id) { version revealCount } }";
    private static final String EDIT = """
            mutation Edit($id: ID!, $version: Int!, $token: String!) {
              updateSecret(input: {id: $id, expectedVersion: $version, values: [{key: "token", value: $token}]}) {
                secret { version } } }""";
    private static final String REVEAL = """
            mutation Reveal($id: ID!) { revealSecretField(input: {secretId: $id, fieldKey: "token"}) { value } }""";
    private static final int CLIENTS = 8;

    private SoakBench() {
    }

    /** What is known to be acknowledged of one secret: its last acknowledged version and token, and its reveals. */
    private static final class Acknowledged {
        int version;
        String token;
        final AtomicInteger reveals = new AtomicInteger();
        /** Edits sent and not answered: above 0 after the load, one got no answer and may or may not have applied. */
        final AtomicInteger unanswered = new AtomicInteger();

        Acknowledged(int version, String token) {
            this.version = version;
            this.token = token;
        }

        synchronized void edited(int newVersion, String newToken) {
            if (newVersion > version) {
                version = newVersion;
                token = newToken;
            }
        }
    }

    /** Per operation: latencies of the acknowledged ones, and the answers by code. */
    private static final class Tally {
        final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        final Map<String, AtomicLong> codes = new ConcurrentHashMap<>();

        void count(String code) {
            codes.computeIfAbsent(code, key -> new AtomicLong()).incrementAndGet();
        }
    }

    /** What a run found, and its part of the report. */
    record Outcome(long answers, long internal, int lost, boolean chainIntact, List<String> problems,
                   List<String> notes) {
    }

    static Outcome run(Path jar, Path dataDir, List<String> jvmOptions, Duration duration,
                       Map<String, Stats> figures) throws Exception {
        Map<String, Acknowledged> acknowledged = new ConcurrentHashMap<>();
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        Map<String, Tally> tallies = new TreeMap<>();
        for (String operation : List.of("create", "edit", "reveal")) {
            tallies.put(operation, new Tally());
        }
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        long maxRss = 0;
        long maxBytes = 0;
        long endBytes;
        long logical;
        double seconds;
        String token;
        Process busy = new ProcessBuilder("/bin/sh", "-c", "while :; do :; done").start();
        try (AppProcess app = AppProcess.start(jar, dataDir, jvmOptions)) {
            token = app.token(Duration.ofSeconds(120));
            GraphQl owner = new GraphQl(app.port, token);
            String templateId = Bench.createTemplate(owner);
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                long seed = 20261206L + c;
                running.add(clients.submit(() -> {
                    Random random = new Random(seed);
                    while (System.nanoTime() < end) {
                        step(owner, templateId, random, ids, acknowledged, tallies, problems);
                    }
                    return null;
                }));
            }
            long nextLog = start + TimeUnit.MINUTES.toNanos(1);
            while (running.stream().anyMatch(future -> !future.isDone())) {
                maxRss = Math.max(maxRss, StorageBench.rss(app.pid()));
                maxBytes = Math.max(maxBytes, StorageBench.disk(dataDir));
                if (System.nanoTime() > nextLog) {
                    Bench.log(String.format(Locale.ROOT, "soak: %.0f min, %d secrets, answers %s, RSS %s, disk %s",
                            (System.nanoTime() - start) / 6e10, ids.size(), codes(tallies),
                            StorageBench.mib(StorageBench.rss(app.pid())), StorageBench.mib(StorageBench.disk(dataDir))));
                    nextLog += TimeUnit.MINUTES.toNanos(1);
                }
                Thread.sleep(2_000);
            }
            for (Future<?> future : running) {
                future.get();
            }
            clients.shutdown();
            seconds = (System.nanoTime() - start) / 1e9;
            endBytes = StorageBench.disk(dataDir);
            logical = StorageBench.export(app.port, token)[0] + StorageBench.bytes(dataDir.resolve("keys"));
            app.kill();
        } finally {
            busy.destroyForcibly().waitFor();
        }
        Bench.log("soak: load done, checking every acknowledged command after a SIGKILL and a restart");
        int lost = 0;
        int appliedUnacknowledged = 0;
        boolean chainIntact;
        long restartNanos;
        try (AppProcess again = AppProcess.start(jar, dataDir, jvmOptions)) {
            restartNanos = again.nanosToFirstAnswer(Duration.ofMinutes(5));
            GraphQl owner = new GraphQl(again.port, token);
            CrashBattery.awaitCaughtUp(owner);
            for (Map.Entry<String, Acknowledged> entry : acknowledged.entrySet()) {
                String id = entry.getKey();
                Acknowledged expected = entry.getValue();
                JsonNode secret = owner.execute(VERSION, Map.of("id", id)).path("secret");
                if (secret.isNull() || secret.isMissingNode()) {
                    lost++;
                    problems.add("acknowledged create of " + id + " is missing");
                    continue;
                }
                int version = secret.path("version").asInt();
                if (secret.path("revealCount").asInt() < expected.reveals.get()) {
                    lost++;
                    problems.add(id + " counts " + secret.path("revealCount").asInt() + " reveals, "
                            + expected.reveals.get() + " acknowledged");
                }
                if (version < expected.version) {
                    lost++;
                    problems.add(id + " is at version " + version + ", its edit to " + expected.version
                            + " was acknowledged");
                } else if (expected.unanswered.get() > 0) {
                    appliedUnacknowledged++; // an edit whose answer the client did not get (a timeout): not lost
                } else {
                    String value = owner.execute(REVEAL, Map.of("id", id)).path("revealSecretField").path("value")
                            .asText();
                    if (!value.equals(expected.token)) {
                        lost++;
                        problems.add(id + " at version " + version + " does not hold its acknowledged value");
                    }
                }
            }
            chainIntact = owner.execute("{ verifyAuditChain { intact } }", Map.of()).path("verifyAuditChain")
                    .path("intact").asBoolean();
        }
        long internal = tallies.values().stream().mapToLong(tally -> count(tally, "INTERNAL")
                + count(tally, "NO CODE") + tally.codes.entrySet().stream()
                .filter(code -> code.getKey().startsWith("HTTP 5")).mapToLong(code -> code.getValue().get()).sum())
                .sum();
        List<String> notes = new ArrayList<>();
        notes.add("## Soak\n");
        long operations = tallies.values().stream().flatMap(tally -> tally.codes.values().stream())
                .mapToLong(AtomicLong::get).sum();
        notes.add(String.format(Locale.ROOT, "%.1f minutes of mixed creates (1 in 10), racing edits (2 in 10) and "
                        + "reveals from %d clients while another process kept one core busy: %d answers (%.0f/s), %d "
                        + "secrets. **%d INTERNAL or uncoded answers, %d acknowledged commands lost** after a SIGKILL "
                        + "and a restart (%d secrets with an edit whose answer the client did not get, not checked by value); audit chain intact: "
                        + "%s. Largest RSS %s; data directory largest %s, at the end %s for a logical %s (%.2fx); "
                        + "restart after the SIGKILL to the first answer %.1f s.",
                seconds / 60, CLIENTS, operations, operations / seconds, ids.size(), internal, lost,
                appliedUnacknowledged, chainIntact, StorageBench.mib(maxRss), StorageBench.mib(maxBytes),
                StorageBench.mib(endBytes), StorageBench.mib(logical), (double) endBytes / logical,
                restartNanos / 1e9));
        StringBuilder table = new StringBuilder("| operation | answers by code | acknowledged p50 | p99 |\n"
                + "| --- | --- | ---: | ---: |\n");
        tallies.forEach((operation, tally) -> {
            Stats stats = Stats.of("soak " + operation + "s, 8 clients, one core busy", tally.nanos, 0);
            figures.put("soak" + Character.toUpperCase(operation.charAt(0)) + operation.substring(1), stats);
            table.append(String.format(Locale.ROOT, "| %s | %s | %.2f ms | %.2f ms |%n", operation,
                    new TreeMap<>(tally.codes), stats.medianMillis(), stats.p99Millis()));
        });
        notes.add(table.toString());
        problems.stream().limit(20).forEach(problem -> notes.add("- " + problem));
        Bench.log(notes.get(1));
        return new Outcome(operations, internal, lost, chainIntact, List.copyOf(problems), notes);
    }

    private static long count(Tally tally, String code) {
        AtomicLong count = tally.codes.get(code);
        return count == null ? 0 : count.get();
    }

    private static String codes(Map<String, Tally> tallies) {
        Map<String, Long> all = new TreeMap<>();
        tallies.values().forEach(tally -> tally.codes.forEach((code, count) -> all.merge(code, count.get(), Long::sum)));
        return all.toString();
    }

    private static void step(GraphQl owner, String templateId, Random random, List<String> ids,
                             Map<String, Acknowledged> acknowledged, Map<String, Tally> tallies, List<String> problems) {
        int choice = ids.size() < 50 ? 0 : random.nextInt(10);
        String operation = choice == 0 ? "create" : choice <= 2 ? "edit" : "reveal";
        Tally tally = tallies.get(operation);
        try {
            String newToken = "sk_soak_" + UUID.randomUUID();
            if (choice == 0) {
                long t0 = System.nanoTime();
                GraphQl.Answer answer = owner.call(CREATE, Map.of("templateId", templateId,
                        "name", "soak-" + UUID.randomUUID(), "token", newToken));
                record(tally, answer, t0, problems, operation);
                if (answer.ok()) {
                    JsonNode secret = answer.data().path("createSecret").path("secret");
                    acknowledged.put(secret.path("id").asText(), new Acknowledged(secret.path("version").asInt(),
                            newToken));
                    ids.add(secret.path("id").asText());
                }
                return;
            }
            // Recently created secrets more often, so that edits of one secret meet each other.
            int size = ids.size();
            String id = ids.get(random.nextBoolean() ? size - 1 - random.nextInt(Math.min(size, 20))
                    : random.nextInt(size));
            if (operation.equals("edit")) {
                GraphQl.Answer read = owner.call(VERSION, Map.of("id", id));
                if (!read.ok()) {
                    record(tally, read, System.nanoTime(), problems, "edit's read");
                    return;
                }
                acknowledged.get(id).unanswered.incrementAndGet();
                long t0 = System.nanoTime();
                GraphQl.Answer answer = owner.call(EDIT, Map.of("id", id, "version",
                        read.data().path("secret").path("version").asInt(), "token", newToken));
                record(tally, answer, t0, problems, operation);
                acknowledged.get(id).unanswered.decrementAndGet();
                if (answer.ok()) {
                    acknowledged.get(id).edited(answer.data().path("updateSecret").path("secret").path("version")
                            .asInt(), newToken);
                }
            } else {
                long t0 = System.nanoTime();
                GraphQl.Answer answer = owner.call(REVEAL, Map.of("id", id));
                record(tally, answer, t0, problems, operation);
                if (answer.ok()) {
                    acknowledged.get(id).reveals.incrementAndGet();
                }
            }
        } catch (IOException e) {
            tally.count("NETWORK " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void record(Tally tally, GraphQl.Answer answer, long startNanos, List<String> problems,
                               String operation) {
        if (answer.ok()) {
            tally.nanos.add(System.nanoTime() - startNanos);
            tally.count("ok");
            return;
        }
        tally.count(answer.code());
        if (!answer.code().equals("CONFLICT")) {
            String problem = operation + " answered " + answer.code() + ": " + answer.errors();
            if (problems.size() < 50) {
                Bench.log("soak: " + problem);
            }
            problems.add(problem);
        }
    }
}
