package io.secretledger.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The storage section (issue 18): a data directory filled through GraphQL with {@code secrets} creates and then
 * {@code reveals} reveals mixed with one edit per nine reveals, from 8 clients, while the directory's bytes and the
 * service's RSS are sampled every two seconds. The logical size is the NDJSON export of every event plus the key
 * vault. Then a SIGKILL, the bytes after it, the restart's time to its first answered query, and the bytes after the
 * restart has settled.
 */
final class StorageBench {

    private static final String EDIT = """
            mutation Edit($id: ID!, $version: Int!, $token: String!) {
              updateSecret(input: {id: $id, expectedVersion: $version, values: [{key: "token", value: $token}]}) {
                secret { version } } }""";
    private static final String CREATE = """
            mutation Create($templateId: ID!, $name: String!, $token: String!) {
              createSecret(input: {templateId: $templateId, name: $name,
                values: [{key: "tenant", value: "bench"}, {key: "token", value: $token}]}) { secret { id version } } }""";
    private static final String REVEAL = """
            mutation Reveal($id: ID!) { revealSecretField(input: {secretId: $id, fieldKey: "token"}) { value } }""";
    private static final int CLIENTS = 8;
    /** Reveals per window of the reveals' p99 over time. */
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

    private StorageBench() {
    }

    /** One sample of the running service: seconds since the load began, bytes of the data directory, RSS. */
    private record Sample(double seconds, long bytes, long rssBytes, int operations) {
    }

    static List<String> measure(Path jar, Path dataDir, List<String> jvmOptions, int secrets, int reveals,
                                Map<String, Stats> figures) throws Exception {
        List<String> notes = new ArrayList<>();
        List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger operations = new AtomicInteger();
        long restartNanos;
        long afterCreates;
        long logicalAfterCreates;
        int eventsAfterCreates;
        long afterKill;
        long afterRestart;
        long settled;
        long logical;
        long vault;
        int events;
        long idleRss;
        double createsPerSecond;
        List<long[]> revealTimes = Collections.synchronizedList(new ArrayList<>());
        try (AppProcess app = AppProcess.start(jar, dataDir, jvmOptions)) {
            GraphQl owner = new GraphQl(app.port, app.token(Duration.ofSeconds(120)));
            String templateId = Bench.createTemplate(owner);
            long loadStart = System.nanoTime();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    samples.add(new Sample((System.nanoTime() - loadStart) / 1e9, disk(dataDir), rss(app.pid()),
                            operations.get()));
                    try {
                        Thread.sleep(2_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "storage-sampler");
            sampler.setDaemon(true);
            sampler.start();
            List<String> ids = Collections.synchronizedList(new ArrayList<>());
            Map<String, Integer> versions = new ConcurrentHashMap<>();
            createsPerSecond = run(secrets, client -> {
                JsonNode created = owner.execute(CREATE, Map.of("templateId", templateId,
                        "name", "storage-" + UUID.randomUUID(), "token", "sk_storage_" + UUID.randomUUID()))
                        .path("createSecret").path("secret");
                String id = created.path("id").asText();
                versions.put(id, created.path("version").asInt());
                ids.add(id);
                operations.incrementAndGet();
            });
            Bench.log(String.format(Locale.ROOT, "storage: %d secrets created at %.0f/s", ids.size(), createsPerSecond));
            Thread.sleep(5_000);
            idleRss = rss(app.pid());
            // The directory beside what it held at that moment: the end's logical size would flatter the ratio
            // while the reveals' small events had not yet diluted the creates' larger ones.
            afterCreates = disk(dataDir);
            long[] createsExport = export(app.port, owner.token());
            logicalAfterCreates = createsExport[0] + bytes(dataDir.resolve("keys"));
            eventsAfterCreates = (int) createsExport[1];
            // Each client edits only its own share of the secrets, so no edit meets another's CONFLICT.
            List<List<String>> shares = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                shares.add(new ArrayList<>());
            }
            for (int i = 0; i < ids.size(); i++) {
                shares.get(i % CLIENTS).add(ids.get(i));
            }
            int[] next = new int[CLIENTS];
            double mixedPerSecond = run(reveals + reveals / 9, client -> {
                List<String> share = shares.get(client);
                int i = next[client]++;
                String id = share.get(Math.floorMod(i * 7919, share.size()));
                if (i % 10 == 9) {
                    int version = owner.execute(EDIT, Map.of("id", id, "version", versions.get(id),
                                    "token", "sk_storage_" + UUID.randomUUID()))
                            .path("updateSecret").path("secret").path("version").asInt();
                    versions.put(id, version);
                } else {
                    long t0 = System.nanoTime();
                    owner.execute(REVEAL, Map.of("id", id));
                    long t1 = System.nanoTime();
                    revealTimes.add(new long[] {t1, t1 - t0});
                }
                operations.incrementAndGet();
            });
            Bench.log(String.format(Locale.ROOT, "storage: %d reveals and edits at %.0f/s", operations.get() - secrets,
                    mixedPerSecond));
            sampler.interrupt();
            sampler.join();
            long running = disk(dataDir);
            samples.add(new Sample((System.nanoTime() - loadStart) / 1e9, running, rss(app.pid()), operations.get()));
            long[] export = export(app.port, owner.token());
            logical = export[0];
            events = (int) export[1];
            vault = bytes(dataDir.resolve("keys"));
            app.kill();
            afterKill = disk(dataDir);
        }
        try (AppProcess again = AppProcess.start(jar, dataDir, jvmOptions)) {
            restartNanos = again.nanosToFirstAnswer(Duration.ofMinutes(5));
            afterRestart = disk(dataDir);
            Thread.sleep(30_000);
            settled = disk(dataDir);
            Bench.log("storage: restarted in " + restartNanos / 1_000_000 + " ms");
        }
        long logicalAll = logical + vault;
        long maxRunning = samples.stream().mapToLong(Sample::bytes).max().orElse(0);
        long maxRss = samples.stream().mapToLong(Sample::rssBytes).max().orElse(0);
        figures.put("storageRestart", Stats.of("restart after SIGKILL to the first answered query, " + secrets
                + " secrets", List.of(restartNanos), 0));
        List<Double> windowP99 = windowP99s(revealTimes);
        Stats mixedReveals = Stats.of("reveals during the storage section's mixed load, 8 clients",
                revealTimes.stream().map(times -> times[1]).toList(), 0);
        figures.put("storageReveals", mixedReveals);
        double perEvent = (double) logical / events;
        notes.add("## Storage\n");
        notes.add(String.format(Locale.ROOT, "%d secrets created (%.0f/s), then %d reveals with one edit per nine, "
                        + "8 clients. %d events; logical size %s (NDJSON export %s = %.0f bytes per event, key vault %s).",
                secrets, createsPerSecond, reveals, events, mib(logicalAll), mib(logical), perEvent, mib(vault)));
        notes.add("Directory sizes are the disk's allocated blocks (" + (DU ? "du" : "file lengths: no du here")
                + "), without the console log and the 64 MB space reserve.\n");
        notes.add("| data directory | on disk | per event | x logical | target |\n| --- | ---: | ---: | ---: | --- |\n"
                + row("after the creates (against the " + mib(logicalAfterCreates) + " held then)", afterCreates,
                        eventsAfterCreates, logicalAfterCreates, true)
                + row("largest while running", maxRunning, events, logicalAll, true)
                + row("at the end of the load", samples.get(samples.size() - 1).bytes(), events, logicalAll, true)
                + row("after SIGKILL", afterKill, events, logicalAll, true)
                + row("after the restart's first answer", afterRestart, events, logicalAll, true)
                + row("30 s after the restart", settled, events, logicalAll, true)
                + row("the export alone (NDJSON)", logical, events, logicalAll, false));
        notes.add(String.format(Locale.ROOT, "Restart after SIGKILL to the first answered query: %.1f s (target <= 15 s)."
                + " RSS idle after the creates %s, largest under the load %s (target < 600 MiB). Reveals during the "
                + "mixed load: p50 %.2f ms, p99 %.2f ms; p99 per %d-s window: median %.2f ms, largest %.2f ms.",
                restartNanos / 1e9, mib(idleRss), mib(maxRss), mixedReveals.medianMillis(),
                mixedReveals.p99Millis(), WINDOW_NANOS / 1_000_000_000,
                windowP99.isEmpty() ? Double.NaN : windowP99.get(windowP99.size() / 2),
                windowP99.isEmpty() ? Double.NaN : windowP99.get(windowP99.size() - 1)));
        StringBuilder growth = new StringBuilder("Samples (seconds since the load began, operations done, directory, RSS):");
        int step = Math.max(1, samples.size() / 12);
        for (int i = 0; i < samples.size(); i += step) {
            Sample sample = samples.get(i);
            growth.append(String.format(Locale.ROOT, " %.0f s, %d ops, %s, %s;", sample.seconds(), sample.operations(),
                    mib(sample.bytes()), mib(sample.rssBytes())));
        }
        notes.add(growth.toString());
        return notes;
    }

    private static String row(String what, long bytes, int events, long logical, boolean bounded) {
        double ratio = (double) bytes / logical;
        return String.format(Locale.ROOT, "| %s | %s | %.0f | %.2fx | %s |%n", what, mib(bytes), (double) bytes / events,
                ratio, bounded ? (ratio <= 4 ? "<= 4x: yes" : "<= 4x: **no**") : "");
    }

    /** The p99 of the reveals that ended in each window, sorted. */
    private static List<Double> windowP99s(List<long[]> reveals) {
        if (reveals.isEmpty()) {
            return List.of();
        }
        long first = reveals.stream().mapToLong(times -> times[0]).min().orElse(0);
        Map<Long, List<Long>> windows = new java.util.TreeMap<>();
        for (long[] times : reveals) {
            windows.computeIfAbsent((times[0] - first) / WINDOW_NANOS, window -> new ArrayList<>()).add(times[1]);
        }
        return windows.values().stream().filter(window -> window.size() >= 100)
                .map(window -> Stats.of("", window, 0).p99Millis()).sorted().toList();
    }

    @FunctionalInterface
    private interface ClientCall {
        void run(int client) throws Exception;
    }

    /** {@code total} calls shared by 8 clients; returns calls per second. */
    private static double run(int total, ClientCall call) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(CLIENTS);
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            int calls = total / CLIENTS + (c < total % CLIENTS ? 1 : 0);
            running.add(executor.submit(() -> {
                for (int i = 0; i < calls; i++) {
                    call.run(client);
                }
                return null;
            }));
        }
        try {
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            executor.shutdownNow();
        }
        return total / ((System.nanoTime() - start) / 1e9);
    }

    /** Bytes and lines of the workspace's whole NDJSON audit export. */
    static long[] export(int port, String token) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/audit/export")).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofMinutes(10)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the audit export answered " + response.statusCode());
        }
        long bytes = 0;
        long lines = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream body = response.body()) {
            for (int read; (read = body.read(buffer)) > 0; ) {
                bytes += read;
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return new long[] {bytes, lines};
    }

    /**
     * Bytes of every file under the directory but the bench's own console log and the disk-space guard's reserve
     * ({@code reserved-space}: free space held back for the stores, not data).
     */
    private static final boolean DU = Files.isExecutable(Path.of("/usr/bin/du"));

    /**
     * The blocks the directory takes on the disk ({@code du}), without the console log and the space reserve: a
     * small file takes a whole block, which its length does not show. The files' lengths where there is no du.
     */
    static long disk(Path directory) {
        if (!DU) {
            return bytes(directory);
        }
        try {
            Process du = new ProcessBuilder("/usr/bin/du", "-s", "-B1", "--exclude=console.log",
                    "--exclude=reserved-space*", directory.toString()).redirectErrorStream(false).start();
            String out = new String(du.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            du.getErrorStream().readAllBytes();
            du.waitFor();
            return Long.parseLong(out.strip().split("\\s+")[0]);
        } catch (IOException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return bytes(directory);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return bytes(directory);
        }
    }

    /** The lengths of the directory's files, without the console log and the space reserve: what they hold. */
    static long bytes(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().equals("console.log")
                            && !file.getFileName().toString().startsWith("reserved-space"))
                    .mapToLong(file -> {
                        try {
                            return Files.size(file);
                        } catch (IOException gone) {
                            return 0;
                        }
                    }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    /** The resident set of a process, from /proc (0 where there is none). */
    static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
