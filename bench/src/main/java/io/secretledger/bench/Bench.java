package io.secretledger.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The benchmark: runs the packaged application and the baseline that bounds it in one run on this machine,
 * and writes report.md and report.json. Usage: {@code java -jar bench/target/secretledger-bench.jar
 * [--rounds 3] [--requests 200] [--starts 5] [--app infra/target/app/secretledger.jar] [--out bench]
 * [--app-jvm "-XX:StartFlightRecording=filename=app.jfr"] [--list-secrets 50000]}; the JVM options apply to
 * the measured instances; {@code --list-secrets 0} skips the listing figures.
 */
public final class Bench {

    private static final String CREATE_TEMPLATE = """
            mutation { createTemplate(input: {name: "Bench", fields: [
              {key: "tenant", label: "Tenant", type: TEXT, required: true},
              {key: "token", label: "Token", type: TEXT, required: true, sensitive: true}]}) { template { id } } }""";
    private static final String CREATE_SECRET = """
            mutation Create($templateId: ID!, $name: String!, $tenant: String!, $token: String!) {
              createSecret(input: {templateId: $templateId, name: $name,
                values: [{key: "tenant", value: $tenant}, {key: "token", value: $token}]}) { secret { id version } } }""";
    private static final String FLOOR_APPEND = """
            mutation Append($id: ID!) { append(input: {secretId: $id, fieldKey: "token"}) { value } }""";
    private static final String FLOOR_AXON = """
            mutation Append($id: ID!) { appendThroughAxon(input: {secretId: $id, fieldKey: "token"}) { value } }""";
    private static final String REVEAL = """
            mutation Reveal($id: ID!) { revealSecretField(input: {secretId: $id, fieldKey: "token"}) { value } }""";

    /** The parts of the benchmark, which {@code --only} selects from. */
    private static final String[] SECTIONS = {"append", "access", "crypto", "cold", "floor", "api", "creates", "reveals",
            "listing", "audit", "storage", "crash", "soak"};
    /** Run only when asked for ({@code --only crash}): a hundred restarts take half an hour. */
    private static final String CRASH = "crash";
    /** Run only when asked for ({@code --only soak}): thirty minutes of load. */
    private static final String SOAK = "soak";

    private final int rounds;
    private final int requests;
    private final int starts;
    private final Path jar;
    private final Path out;
    private final Path work;
    private final List<String> appJvmOptions;
    private final int listSecrets;
    private final int auditEvents;
    private final int crashRounds;
    private final int storageSecrets;
    private final int storageReveals;
    private final int soakMinutes;
    /** What the audit and crash sections say besides their figures. */
    private final List<String> sectionNotes = new ArrayList<>();
    private final Set<String> only;
    /** Whether the data directories stay after the run (to profile the app on them by hand). */
    private final boolean keepWork;
    /** The server-side creation lag, as the creates section read it from the app's metrics. */
    private String lagServer;
    /** What the sections read from the app's metrics about its group commits, for the report. */
    private final List<String> groupCommits = new ArrayList<>();

    private Bench(Map<String, String> options) {
        rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        requests = Integer.parseInt(options.getOrDefault("requests", "200"));
        starts = Integer.parseInt(options.getOrDefault("starts", "5"));
        jar = Path.of(options.getOrDefault("app", "infra/target/app/secretledger.jar")).toAbsolutePath();
        out = Path.of(options.getOrDefault("out", "bench")).toAbsolutePath();
        listSecrets = Integer.parseInt(options.getOrDefault("list-secrets", "50000"));
        auditEvents = Integer.parseInt(options.getOrDefault("audit-events", "1000000"));
        only = Set.of(options.getOrDefault("only", String.join(",", java.util.Arrays.stream(SECTIONS)
                .filter(section -> !section.equals(CRASH) && !section.equals(SOAK)).toList())).split(","));
        crashRounds = Integer.parseInt(options.getOrDefault("crash-rounds", "100"));
        storageSecrets = Integer.parseInt(options.getOrDefault("storage-secrets", "50000"));
        storageReveals = Integer.parseInt(options.getOrDefault("storage-reveals", "500000"));
        soakMinutes = Integer.parseInt(options.getOrDefault("soak-minutes", "30"));
        if (!Set.of(SECTIONS).containsAll(only)) {
            throw new IllegalArgumentException("--only takes some of " + String.join(",", SECTIONS));
        }
        keepWork = Boolean.parseBoolean(options.getOrDefault("keep-work", "false"));
        String jvm = options.getOrDefault("app-jvm", "").strip();
        appJvmOptions = jvm.isEmpty() ? List.of() : List.of(jvm.split("\\s+"));
        work = out.resolve("work").resolve(Instant.now().toString().replace(':', '-'));
    }

    public static void main(String[] args) throws Exception {
        if (args.length % 2 != 0 || List.of(args).contains("--help")) {
            System.out.println("java -jar bench/target/secretledger-bench.jar [--only " + String.join(",", SECTIONS)
                    + "] [--rounds N] [--requests N] [--starts N] [--list-secrets N] [--audit-events N] "
                    + "[--crash-rounds N] [--storage-secrets N] [--storage-reveals N] [--soak-minutes N] [--out DIR] [--keep-work true] [--app-jvm \"OPTIONS\"] [--app JAR]; "
                    + "see README.md, section Benchmark");
            return;
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new Bench(options).run();
    }

    private void run() throws Exception {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw -DskipTests package first");
        }
        Files.createDirectories(work);
        Map<String, Stats> figures = new LinkedHashMap<>();
        List<Long> append1 = new ArrayList<>();
        List<Long> append8 = new ArrayList<>();
        double append8PerSecond = 0;
        for (int round = 0; only.contains("append") && round < rounds; round++) {
            append1.addAll(samples(BareAppend.measure(work.resolve("append-1-" + round), 1, 1_000, 200)));
            Stats eight = BareAppend.measure(work.resolve("append-8-" + round), 8, 125, 25);
            append8.addAll(samples(eight));
            append8PerSecond += eight.perSecond() / rounds;
            log("append round " + (round + 1) + " done");
        }
        if (only.contains("append")) {
            figures.put("append1", Stats.of("bare durable append, 1 client", append1, 0));
            figures.put("append8", Stats.of("bare durable append, 8 clients", append8, append8PerSecond));
        }
        if (only.contains("access")) {
            figures.put("accessDecision", AccessDecisionBench.measure(20_000, 20_000));
            log("access decision done");
        }
        if (only.contains("crypto")) {
            List<Stats> crypto = CryptoBench.measure(20_000, 20_000);
            figures.put("decryptBouncyCastle", crypto.get(0));
            figures.put("decryptJdk", crypto.get(1));
            log("crypto done");
        }
        if (only.contains("cold")) {
            List<Long> coldStarts = new ArrayList<>();
            for (int i = 0; i < starts; i++) {
                coldStarts.add(coldStart(work.resolve("cold-" + i)));
                log("cold start " + (i + 1) + ": " + coldStarts.get(i) / 1_000_000 + " ms");
            }
            figures.put("coldStart", Stats.of("cold start to first answered query", coldStarts, 0));
            List<Long> bareStarts = new ArrayList<>();
            for (int i = 0; i < starts; i++) {
                bareStarts.add(bareColdStart(work.resolve("bare-cold-" + i)));
                log("bare Spring Boot cold start " + (i + 1) + ": " + bareStarts.get(i) / 1_000_000 + " ms");
            }
            figures.put("coldStartBare", Stats.of("cold start of a bare Spring Boot web app to its first answer",
                    bareStarts, 0));
        }
        if (only.contains("floor")) {
            floor(figures);
        }
        if (only.contains("api")) {
            api(figures);
        }
        if (only.contains("creates")) {
            creates(figures);
        }
        if (only.contains("reveals")) {
            reveals(figures);
        }
        if (only.contains("listing") && listSecrets > 0) {
            listing(figures);
        }
        if (only.contains("audit") && auditEvents > 0) {
            sectionNotes.addAll(AuditBench.measure(jar, work.resolve("audit"), appJvmOptions, auditEvents,
                    Math.min(10_000, auditEvents), figures));
            log("audit done");
        }
        if (only.contains("storage") && storageSecrets > 0) {
            sectionNotes.addAll(StorageBench.measure(jar, work.resolve("storage"), appJvmOptions, storageSecrets,
                    storageReveals, figures));
            log("storage done");
        }
        if (only.contains(SOAK) && soakMinutes > 0) {
            sectionNotes.addAll(SoakBench.run(jar, work.resolve("soak"), appJvmOptions,
                    java.time.Duration.ofMinutes(soakMinutes), figures).notes());
            log("soak done");
        }
        if (only.contains(CRASH)) {
            CrashBattery.Outcome crash = CrashBattery.run(jar, work.resolve("crash"), appJvmOptions, crashRounds,
                    20261124L);
            sectionNotes.add(String.format(java.util.Locale.ROOT, "Crash battery: %d rounds of SIGKILL under a mixed "
                    + "write load, %d acknowledged commands checked after each restart: %d missing, %d duplicated, "
                    + "%d projections unlike a fresh replay, %d broken audit chains.", crash.rounds(),
                    crash.acknowledged(), crash.missing(), crash.duplicated(), crash.projectionMismatches(),
                    crash.brokenChains()));
            crash.problems().stream().limit(20).forEach(problem -> sectionNotes.add("- " + problem));
            log(sectionNotes.get(sectionNotes.size() - 1));
        }
        write(figures);
        if (keepWork) {
            log("data directories kept in " + work);
        } else {
            deleteWork();
        }
    }

    /**
     * The stack's floor ({@link StackFloorApp}) at 1 and at 8 clients, measured as the reveals are: the same
     * client, the same warm-up rule, a mutation of the same shape whose only work is one bare durable append.
     */
    private void floor(Map<String, Stats> figures) throws Exception {
        try (AppProcess app = AppProcess.startMain(StackFloorApp.class, work.resolve("floor"), appJvmOptions)) {
            GraphQl client = new GraphQl(app.port, app.token(Duration.ofSeconds(120)));
            Call append = () -> client.execute(FLOOR_APPEND, Map.of("id", UUID.randomUUID().toString()));
            AtomicInteger next = new AtomicInteger();
            Call throughAxon = () -> client.execute(FLOOR_AXON, Map.of("id", "floor-" + next.getAndIncrement() % 200));
            warmUp(client, () -> client.execute("{ compilationMillis }", Map.of()).path("compilationMillis").asDouble(),
                    () -> {
                        append.run();
                        throughAxon.run();
                    });
            for (int clients : new int[] {1, 8}) {
                List<Long> bare = new ArrayList<>();
                List<Long> axon = new ArrayList<>();
                double barePerSecond = 0;
                double axonPerSecond = 0;
                for (int round = 0; round < rounds; round++) {
                    barePerSecond += load(clients, Math.max(1, requests / clients), append, bare) / rounds;
                    axonPerSecond += load(clients, Math.max(1, requests / clients), throughAxon, axon) / rounds;
                }
                figures.put("floor" + clients, Stats.of("the stack's floor: GraphQL mutation over HTTP with a bearer "
                        + "token, one bare durable append, " + clients + " client(s)", bare, barePerSecond));
                figures.put("floorAxon" + clients, Stats.of("the stack's floor with Axon: the same mutation sending "
                        + "a command to a cached aggregate that applies one event, " + clients + " client(s)", axon,
                        axonPerSecond));
            }
            log("floor done");
        }
    }

    /** Creates and reveals over GraphQL at 1 and at 8 clients. */
    private void api(Map<String, Stats> figures) throws Exception {
        try (AppProcess app = AppProcess.start(jar, work.resolve("app"), appJvmOptions)) {
            String token = app.token(Duration.ofSeconds(120));
            GraphQl owner = new GraphQl(app.port, token);
            String templateId = createTemplate(owner);
            List<String> secrets = Collections.synchronizedList(new ArrayList<>());
            load(2, requests / 2, () -> createSecret(owner, templateId, secrets), null);
            warmUp(owner, () -> {
                createSecret(owner, templateId, secrets);
                reveal(owner, secrets);
            });
            for (int clients : new int[] {1, 8}) {
                List<Long> creates = new ArrayList<>();
                List<Long> reveals = new ArrayList<>();
                double createsPerSecond = 0;
                double revealsPerSecond = 0;
                for (int round = 0; round < rounds; round++) {
                    int perClient = Math.max(1, requests / clients);
                    createsPerSecond += load(clients, perClient,
                            () -> createSecret(owner, templateId, secrets), creates) / rounds;
                    revealsPerSecond += load(clients, perClient,
                            () -> reveal(owner, secrets), reveals) / rounds;
                    log(clients + " client(s), round " + (round + 1) + " done");
                }
                figures.put("create" + clients, Stats.of("create secret over GraphQL, " + clients + " client(s)",
                        creates, createsPerSecond));
                figures.put("reveal" + clients, Stats.of("reveal over GraphQL, " + clients + " client(s)",
                        reveals, revealsPerSecond));
            }
        }
    }

    /**
     * Create throughput at 8 clients ({@code rounds} runs; the report gives the median run), then the lag from
     * a create's acknowledgement to the secret in the list: client-side, from the createSecret answer to the
     * first list query that shows it (createSecret already waits for the read model, so this is one list
     * query), and server-side, from the SecretCreated event to the document, read from the app's metrics.
     */
    private void creates(Map<String, Stats> figures) throws Exception {
        try (AppProcess app = AppProcess.start(jar, work.resolve("creates"), appJvmOptions)) {
            String token = app.token(Duration.ofSeconds(120));
            GraphQl owner = new GraphQl(app.port, token);
            String templateId = createTemplate(owner);
            List<String> secrets = Collections.synchronizedList(new ArrayList<>());
            warmUp(owner, () -> createSecret(owner, templateId, secrets));
            List<Double> runs = new ArrayList<>();
            List<Long> samples = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                runs.add(load(8, Math.max(100, requests / 8),
                        () -> createSecret(owner, templateId, secrets), samples));
                log("creates at 8 clients, run " + (round + 1) + ": " + Math.round(runs.get(round)) + "/s");
            }
            groupCommits.add("creates: " + groupCommits(owner));
            List<Double> sorted = runs.stream().sorted().toList();
            figures.put("creates8", Stats.of("create secret over GraphQL, 8 clients, median of " + rounds + " runs",
                    samples, sorted.get(sorted.size() / 2)));
            double serverP50 = owner.metric("secretledger.projection.creation-lag.percentile", "phi:0.5", "VALUE");
            double serverP99 = owner.metric("secretledger.projection.creation-lag.percentile", "phi:0.99", "VALUE");
            double serverMax = owner.metric("secretledger.projection.creation-lag", null, "MAX");
            lagServer = String.format(java.util.Locale.ROOT,
                    "event to read model during the 8-client runs: p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                    serverP50 * 1000, serverP99 * 1000, serverMax * 1000);
            List<Long> lag = new ArrayList<>();
            String listed = "query($p: String) { secrets(first: 1, namePrefix: $p) { edges { node { id } } } }";
            for (int i = 0; i < Math.max(50, requests); i++) {
                String name = "lag-" + UUID.randomUUID();
                owner.execute(CREATE_SECRET, Map.of("templateId", templateId, "name", name, "tenant", "bench",
                        "token", "sk_bench_" + UUID.randomUUID()));
                long acknowledged = System.nanoTime();
                while (owner.execute(listed, Map.of("p", name)).path("secrets").path("edges").isEmpty()) {
                    Thread.onSpinWait();
                }
                lag.add(System.nanoTime() - acknowledged);
            }
            figures.put("createLag", Stats.of("create acknowledged to shown in the list (client side)", lag, 0));
            log("creates done; " + lagServer);
        }
    }

    /**
     * Reveals at 8 clients on their own ({@code rounds} runs of {@code requests} reveals over 200 secrets), so
     * no create's projection work overlaps them; the report gives the samples of all runs and the median run's
     * rate, and logs each run's median and p99.
     */
    private void reveals(Map<String, Stats> figures) throws Exception {
        try (AppProcess app = AppProcess.start(jar, work.resolve("reveals"), appJvmOptions)) {
            String token = app.token(Duration.ofSeconds(120));
            GraphQl owner = new GraphQl(app.port, token);
            String templateId = createTemplate(owner);
            List<String> secrets = Collections.synchronizedList(new ArrayList<>());
            load(8, 25, () -> createSecret(owner, templateId, secrets), null);
            warmUp(owner, () -> reveal(owner, secrets));
            List<Double> runs = new ArrayList<>();
            List<Long> samples = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                List<Long> run = new ArrayList<>();
                runs.add(load(8, Math.max(50, requests / 8), () -> reveal(owner, secrets), run));
                Stats stats = Stats.of("run", run, 0);
                log(String.format(java.util.Locale.ROOT, "reveals at 8 clients, run %d: %d/s, p50 %.1f ms, p99 %.1f ms",
                        round + 1, Math.round(runs.get(round)), stats.medianMillis(), stats.p99Millis()));
                samples.addAll(run);
            }
            groupCommits.add("reveals: " + groupCommits(owner));
            List<Double> sorted = runs.stream().sorted().toList();
            figures.put("reveals8", Stats.of("reveal over GraphQL, 8 clients, " + rounds + " runs on their own",
                    samples, sorted.get(sorted.size() / 2)));
        }
    }

    /**
     * The first page of "secrets I can access" over GraphQL in a workspace of {@code listSecrets} secrets,
     * for a member with VIEW_ASSIGNED assigned to 25 of them in a workspace restricted to assigned users,
     * and for the owner, who reaches every secret.
     */
    private void listing(Map<String, Stats> figures) throws Exception {
        // The ids of the page of 100 read over GraphQL, for the raw find of the same documents.
        List<String> pageIds = new ArrayList<>();
        try (AppProcess app = AppProcess.start(jar, work.resolve("list"), appJvmOptions)) {
            String token = app.token(Duration.ofSeconds(120));
            GraphQl owner = new GraphQl(app.port, token);
            String templateId = createTemplate(owner);
            List<String> secrets = Collections.synchronizedList(new ArrayList<>());
            double perSecond = load(8, listSecrets / 8,
                    () -> createSecret(owner, templateId, secrets), null);
            log("seeded " + secrets.size() + " secrets at " + Math.round(perSecond) + "/s");
            String memberId = owner.execute("""
                    mutation { addMember(input: {email: "agent@bench.local", permissions: [VIEW_ASSIGNED]}) {
                      member { id } } }""", Map.of()).path("addMember").path("member").path("id").asText();
            String agentToken = owner.execute("""
                    mutation Issue($id: ID!) { issueMemberToken(input: {memberId: $id, lifetimeMinutes: 120}) {
                      token } }""", Map.of("id", memberId)).path("issueMemberToken").path("token").asText();
            owner.execute("""
                    mutation { changeWorkspaceSettings(input: {clientSecretsEnabled: true,
                      restrictToAssignedUsers: true, requireEmailVerification: false}) { workspace { id } } }""",
                    Map.of());
            List<String> ordered = new ArrayList<>(secrets);
            Collections.shuffle(ordered, new java.util.Random(42));
            for (String secretId : ordered.subList(0, Math.min(25, ordered.size()))) {
                owner.execute("""
                        mutation Assign($secretId: ID!, $memberId: ID!) { changeSecretAccess(input: {
                          secretId: $secretId, assignedMemberIds: [$memberId]}) { secretId } }""",
                        Map.of("secretId", secretId, "memberId", memberId));
            }
            String firstPage = "{ secrets(first: 20) { edges { node { id name description updatedAt } } } }";
            GraphQl agent = new GraphQl(app.port, agentToken);
            int visible = agent.execute(firstPage, Map.of()).path("secrets").path("edges").size();
            if (visible != 20) {
                throw new IllegalStateException("the assigned member should see a full first page, saw " + visible);
            }
            List<Long> assigned = new ArrayList<>();
            load(1, 20, () -> agent.execute(firstPage, Map.of()), null);
            load(1, 200, () -> agent.execute(firstPage, Map.of()), assigned);
            figures.put("listAssigned", Stats.of("first page of accessible secrets of " + listSecrets
                    + ", VIEW_ASSIGNED member", assigned, 0));
            List<Long> all = new ArrayList<>();
            load(1, 200, () -> owner.execute(firstPage, Map.of()), all);
            figures.put("listOwner", Stats.of("first page of secrets of " + listSecrets + ", owner", all, 0));
            String hundred = "{ secrets(first: 100) { edges { node { id name description updatedAt } } } }";
            List<Long> listed = new ArrayList<>();
            load(1, 50, () -> owner.execute(hundred, Map.of()), null);
            load(1, 500, () -> owner.execute(hundred, Map.of()), listed);
            figures.put("list100", Stats.of("100 secrets' metadata over GraphQL, owner", listed, 0));
            owner.execute(hundred, Map.of()).path("secrets").path("edges")
                    .forEach(edge -> pageIds.add(edge.path("node").path("id").asText()));
            log("listing done");
        }
        ProjectionStoreBaselines.measure(work.resolve("list").resolve("projections.mv"), pageIds, figures);
        log("projection store baselines done");
    }


    /** The app's group commits since it started (warm-up included): units of work per checkpoint, its time. */
    private static String groupCommits(GraphQl owner) throws Exception {
        double units = owner.metric("secretledger.event-store.group-commit", null, "TOTAL");
        double checkpoints = owner.metric("secretledger.event-store.group-commit", null, "COUNT");
        double p50 = owner.metric("secretledger.event-store.checkpoint.percentile", "phi:0.5", "VALUE");
        double p99 = owner.metric("secretledger.event-store.checkpoint.percentile", "phi:0.99", "VALUE");
        String text = String.format(java.util.Locale.ROOT,
                "%.0f units of work in %.0f checkpoints (%.2f per checkpoint); checkpoint p50 %.2f ms, p99 %.2f ms",
                units, checkpoints, units / checkpoints, p50 * 1000, p99 * 1000);
        log("group commits, " + text);
        return text;
    }

    private long coldStart(Path dataDir) throws Exception {
        try (AppProcess app = AppProcess.start(jar, dataDir, List.of())) {
            return app.nanosToFirstAnswer(Duration.ofMinutes(2));
        }
    }

    /**
     * The baseline of the cold start: {@link BareBootApp}, from this benchmark's own packaged jar through Spring
     * Boot's launcher, with the collector the service starts with, until it answers an HTTP request.
     */
    private long bareColdStart(Path dataDir) throws Exception {
        try (AppProcess app = AppProcess.startMain(BareBootApp.class, dataDir, List.of())) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + app.port + "/bare")).build();
            long deadline = app.startedAtNanos + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline && app.isAlive()) {
                try {
                    if (http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                        return System.nanoTime() - app.startedAtNanos;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(10);
            }
            throw new IllegalStateException("the bare Spring Boot application did not answer within 2 minutes");
        }
    }

    /**
     * Runs the calls at 8 clients in batches until the JIT compiler is done with them: a fresh JVM spent most of
     * a core compiling for minutes (the app's compiler threads, measured from /proc), which the measured requests
     * would otherwise share the two cores with. Done when a batch of 400 calls costs under 1% of its wall time
     * in compilation (the app's {@code jvm.compilation.time}), or after {@link #WARM_UP_BATCHES} batches.
     */
    private void warmUp(GraphQl owner, Call call) throws Exception {
        warmUp(owner, () -> owner.metric("jvm.compilation.time", null, "COUNT"), call);
    }

    /** {@link #warmUp(GraphQl, Call)} with the milliseconds spent compiling read by {@code compiling}. */
    private void warmUp(GraphQl owner, Compilation compiling, Call call) throws Exception {
        double compiled = compiling.millis();
        for (int batch = 1; batch <= WARM_UP_BATCHES; batch++) {
            long started = System.nanoTime();
            load(8, 50, call, null);
            double wallMillis = (System.nanoTime() - started) / 1e6;
            double now = compiling.millis();
            double share = (now - compiled) / wallMillis;
            compiled = now;
            if (batch % 5 == 0 || share < 0.01) {
                log(String.format(java.util.Locale.ROOT, "warm-up batch %d: %.1f%% of the time compiling", batch,
                        share * 100));
            }
            if (share < 0.01) {
                return;
            }
        }
        log("warm-up stopped after " + WARM_UP_BATCHES + " batches with the compiler still busy");
    }

    static String createTemplate(GraphQl owner) throws Exception {
        return owner.execute(CREATE_TEMPLATE, Map.of()).path("createTemplate").path("template").path("id").asText();
    }

    static void createSecret(GraphQl client, String templateId, List<String> secrets) throws Exception {
        String id = client.execute(CREATE_SECRET, Map.of("templateId", templateId,
                        "name", "bench-" + UUID.randomUUID(), "tenant", "bench", "token", "sk_bench_" + UUID.randomUUID()))
                .path("createSecret").path("secret").path("id").asText();
        secrets.add(id);
    }

    private static final AtomicInteger NEXT = new AtomicInteger();
    /** At most this many warm-up batches: fast calls make short batches, where one compilation weighs more. */
    private static final int WARM_UP_BATCHES = 150;

    static void reveal(GraphQl client, List<String> secrets) throws Exception {
        String id = secrets.get(Math.floorMod(NEXT.getAndIncrement(), secrets.size()));
        client.execute(REVEAL, Map.of("id", id));
    }

    @FunctionalInterface
    private interface Compilation {
        double millis() throws Exception;
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    /** Runs {@code perClient} calls on each of {@code clients} threads; returns calls per second. */
    private static double load(int clients, int perClient, Call call, List<Long> samples) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(clients);
        List<Long> collected = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(executor.submit(() -> {
                for (int i = 0; i < perClient; i++) {
                    long t0 = System.nanoTime();
                    call.run();
                    collected.add(System.nanoTime() - t0);
                }
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        executor.shutdown();
        if (samples != null) {
            samples.addAll(collected);
        }
        return clients * perClient / seconds;
    }

    private void write(Map<String, Stats> figures) throws IOException {
        Stats append1 = figures.get("append1");
        Stats append8 = figures.get("append8");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", Instant.now().toString());
        json.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "java", System.getProperty("java.version"), "os", System.getProperty("os.name")));
        json.put("settings", Map.of("rounds", rounds, "requests", requests, "starts", starts));
        Map<String, Object> results = new LinkedHashMap<>();
        figures.forEach((key, stats) -> results.put(key, stats.toJson()));
        json.put("figures", results);
        Map<String, Object> ratios = new LinkedHashMap<>();
        if (append1 != null && figures.containsKey("create1")) {
            ratios.put("create1_p50_over_append1_p50", ratio(figures.get("create1"), append1));
            ratios.put("create8_p50_over_append8_p50", ratio(figures.get("create8"), append8));
            ratios.put("reveal1_p50_over_append1_p50", ratio(figures.get("reveal1"), append1));
            ratios.put("reveal8_p50_over_append8_p50", ratio(figures.get("reveal8"), append8));
            ratios.put("create8_per_second_over_append8_per_second",
                    Stats.round(figures.get("create8").perSecond() / append8.perSecond()));
        }
        json.put("ratios", ratios);
        Files.createDirectories(out);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("report.json").toFile(), json);

        StringBuilder md = new StringBuilder();
        md.append("# SecretLedger benchmark\n\n")
                .append("Run ").append(json.get("date")).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ").append(System.getProperty("java.version")).append("; ").append(rounds)
                .append(" rounds of ").append(requests).append(" requests per figure, warm-up excluded.\n\n")
                .append("The baseline is a bare append of one event through Axon's JDBC engine to an H2 file database")
                .append(", on the disk before the call returns (CHECKPOINT SYNC after each append), as the service's")
                .append(" default secretledger.event-store.sync=true promises for an acknowledged command (docs/adr/0015).\n\n")
                .append("| figure | samples | median ms | p99 ms | per second | p50 ratio to its baseline |\n")
                .append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        figures.forEach((key, stats) -> {
            Stats baseline = key.endsWith("8") ? append8 : key.endsWith("1") && !key.startsWith("append") ? append1 : null;
            md.append("| ").append(stats.name()).append(" | ").append(stats.nanos().length).append(" | ")
                    .append(format(stats.medianMillis())).append(" | ").append(format(stats.p99Millis())).append(" | ")
                    .append(stats.perSecond() > 0 ? format(stats.perSecond()) : "").append(" | ")
                    .append(baseline == null || key.startsWith("append") ? "" : ratio(stats, baseline) + "x")
                    .append(" |\n");
        });
        md.append(targets(figures));
        md.append(floorNote(figures));
        if (figures.containsKey("accessDecision")) {
            md.append("\nAccess decision (20 rules, 50 linked tickets, every rule evaluated): median ")
                    .append(format(figures.get("accessDecision").medianMillis() * 1000)).append(" us, p99 ")
                    .append(format(figures.get("accessDecision").p99Millis() * 1000)).append(" us.\n");
        }
        if (figures.containsKey("decryptBouncyCastle")) {
            Stats bouncy = figures.get("decryptBouncyCastle");
            Stats jdk = figures.get("decryptJdk");
            md.append("\nDecrypt of one field: Bouncy Castle median ").append(format(bouncy.medianMillis() * 1000))
                    .append(" us (p99 ").append(format(bouncy.p99Millis() * 1000)).append(" us), JDK AES/GCM median ")
                    .append(format(jdk.medianMillis() * 1000)).append(" us: ")
                    .append(Stats.round(bouncy.medianMillis() / jdk.medianMillis())).append("x.");
            if (figures.containsKey("reveal1")) {
                md.append(" Share of a reveal at 1 client (median) spent decrypting: ")
                        .append(Stats.round(100 * bouncy.medianMillis() / figures.get("reveal1").medianMillis()))
                        .append(" %.");
            }
            md.append("\n");
        }
        if (lagServer != null) {
            md.append("\nServer-side creation lag, ").append(lagServer).append(".\n");
        }
        for (String line : sectionNotes) {
            md.append('\n').append(line).append('\n');
        }
        for (String groups : groupCommits) {
            md.append("\nGroup commits during ").append(groups).append(".\n");
        }
        if (ratios.containsKey("create8_per_second_over_append8_per_second")) {
            md.append("\nCreate throughput at 8 clients over bare appends at 8 clients: ")
                    .append(ratios.get("create8_per_second_over_append8_per_second")).append("x.\n");
        }
        Files.writeString(out.resolve("report.md"), md);
        log("wrote " + out.resolve("report.md") + " and report.json");
        System.out.println(md);
    }

    /**
     * Issue 8's table: each figure of this run beside the baseline that bounds it, the ratio, the target and
     * whether this run met it; a figure whose section did not run is left out.
     */
    private static String targets(Map<String, Stats> figures) {
        StringBuilder md = new StringBuilder("\n## Targets\n\n| figure | measured | baseline in this run | ratio | "
                + "target | met |\n| --- | ---: | ---: | ---: | --- | --- |\n");
        Stats reveals8 = figures.containsKey("reveals8") ? figures.get("reveals8") : figures.get("reveal8");
        ratioRow(md, figures.get("reveal1"), figures.get("append1"), "p50", 3, "reveal p50 <= 3x a bare append");
        ratioRow(md, reveals8, figures.get("append8"), "p50", 3, "reveal p50 <= 3x a bare append");
        if (reveals8 != null) {
            row(md, reveals8.name() + ", p99", format(reveals8.p99Millis()) + " ms", "", "", "p99 <= 25 ms",
                    reveals8.p99Millis() <= 25);
        }
        Stats creates8 = figures.containsKey("creates8") ? figures.get("creates8") : figures.get("create8");
        Stats append8 = figures.get("append8");
        if (creates8 != null && append8 != null) {
            double ratio = creates8.perSecond() / append8.perSecond();
            row(md, creates8.name() + ", per second", format(creates8.perSecond()) + "/s",
                    format(append8.perSecond()) + "/s (" + append8.name() + ")", Stats.round(ratio) + "x",
                    ">= 0.5x and >= 300/s", ratio >= 0.5 && creates8.perSecond() >= 300);
        }
        ratioRow(md, figures.get("createLag"), figures.get("rawUpsert"), "p99", 5,
                "p99 <= 5x a raw upsert; never a polling interval");
        ratioRow(md, figures.get("list100"), figures.get("rawFind100"), "p50", 2, "<= 2x a raw find + JSON");
        Stats assigned = figures.get("listAssigned");
        if (assigned != null) {
            row(md, assigned.name() + ", p99", format(assigned.p99Millis()) + " ms", "", "", "p99 <= 100 ms",
                    assigned.p99Millis() <= 100);
        }
        Stats bouncy = figures.get("decryptBouncyCastle");
        Stats jdk = figures.get("decryptJdk");
        if (bouncy != null && jdk != null) {
            double ratio = bouncy.medianMillis() / jdk.medianMillis();
            row(md, "our AES-GCM decrypt of one field, median", format(bouncy.medianMillis() * 1000) + " us",
                    format(jdk.medianMillis() * 1000) + " us (JCE AES/GCM, same bytes)", Stats.round(ratio) + "x",
                    "<= 3x", ratio <= 3);
            Stats reveal1 = figures.get("reveal1");
            if (reveal1 != null) {
                double share = 100 * bouncy.medianMillis() / reveal1.medianMillis();
                row(md, "cryptography's share of a reveal (1 client, medians)", Stats.round(share) + " %", "", "",
                        "<= 5 %", share <= 5);
            }
        }
        Stats access = figures.get("accessDecision");
        if (access != null) {
            row(md, access.name() + ", median", format(access.medianMillis() * 1000) + " us", "", "", "<= 20 us",
                    access.medianMillis() * 1000 <= 20);
        }
        Stats cold = figures.get("coldStart");
        Stats bare = figures.get("coldStartBare");
        if (cold != null) {
            double ratio = bare == null ? Double.NaN : cold.medianMillis() / bare.medianMillis();
            row(md, cold.name() + ", median", format(cold.medianMillis()) + " ms",
                    bare == null ? "" : format(bare.medianMillis()) + " ms (" + bare.name() + ")",
                    bare == null ? "" : Stats.round(ratio) + "x", "<= 10 s and <= 4x",
                    cold.medianMillis() <= 10_000 && (bare == null || ratio <= 4));
        }
        Stats export = figures.get("auditExport");
        if (export != null) {
            row(md, export.name(), format(export.perSecond()) + " entries/s", "", "", ">= 50,000 entries/s",
                    export.perSecond() >= 50_000);
        }
        return md.toString();
    }

    /**
     * What the stack alone costs ({@link StackFloorApp}), without and with Axon, beside the bare append, and what
     * reveals and creates cost above it.
     */
    private static String floorNote(Map<String, Stats> figures) {
        Stats append1 = figures.get("append1");
        Stats append8 = figures.get("append8");
        if (!figures.containsKey("floor1") || append1 == null || append8 == null) {
            return "";
        }
        StringBuilder md = new StringBuilder("\n## The stack's floor\n\n")
                .append("A mutation shaped like revealSecretField over HTTP with a bearer token (Tomcat, Spring Security ")
                .append("with the service's HS256 tokens, Spring GraphQL) whose only work is one bare durable append; ")
                .append("then the same mutation sending a command through Axon (gateway, bus, unit of work, a cached ")
                .append("event-sourced aggregate applying one event to the same engine), then the same sync.\n\n")
                .append("| | p50 1 client | x bare append | p50 8 clients | x bare append | per second, 8 clients |")
                .append(" x bare appends' rate |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        Stats reveals8 = figures.containsKey("reveals8") ? figures.get("reveals8") : figures.get("reveal8");
        Stats creates8 = figures.containsKey("creates8") ? figures.get("creates8") : figures.get("create8");
        floorRow(md, "the stack, one bare append", figures.get("floor1"), figures.get("floor8"), append1, append8);
        floorRow(md, "the stack and Axon, one event", figures.get("floorAxon1"), figures.get("floorAxon8"), append1,
                append8);
        floorRow(md, "reveal (service)", figures.get("reveal1"), reveals8, append1, append8);
        floorRow(md, "create (service)", figures.get("create1"), creates8, append1, append8);
        Stats axon1 = figures.get("floorAxon1");
        Stats reveal1 = figures.get("reveal1");
        if (axon1 != null && reveal1 != null) {
            md.append(String.format(java.util.Locale.ROOT, "%nA reveal at 1 client: p50 %s ms, of which the stack "
                            + "and Axon take %s ms and the service's own work (access decision, directories, decryption, "
                            + "the audit's shared locks, the group commit) %s ms.%n", format(reveal1.medianMillis()),
                    format(axon1.medianMillis()), format(reveal1.medianMillis() - axon1.medianMillis())));
        }
        return md.toString();
    }

    private static void floorRow(StringBuilder md, String name, Stats one, Stats eight, Stats append1, Stats append8) {
        if (one == null && eight == null) {
            return;
        }
        md.append("| ").append(name).append(" | ")
                .append(one == null ? "" : format(one.medianMillis()) + " ms | " + ratio(one, append1) + "x")
                .append(one == null ? " | " : "").append(" | ")
                .append(eight == null ? " | | " : format(eight.medianMillis()) + " ms | " + ratio(eight, append8) + "x | "
                        + format(eight.perSecond()) + "/s | " + Stats.round(eight.perSecond() / append8.perSecond()) + "x")
                .append(" |\n");
    }

    private static void ratioRow(StringBuilder md, Stats figure, Stats baseline, String quantile, double limit,
                                 String target) {
        if (figure == null || baseline == null) {
            return;
        }
        boolean p99 = quantile.equals("p99");
        double measured = p99 ? figure.p99Millis() : figure.medianMillis();
        double bound = p99 ? baseline.p99Millis() : baseline.medianMillis();
        row(md, figure.name() + ", " + quantile, format(measured) + " ms",
                format(bound) + " ms (" + baseline.name() + ")", Stats.round(measured / bound) + "x", target,
                measured / bound <= limit);
    }

    private static void row(StringBuilder md, String figure, String measured, String baseline, String ratio,
                            String target, boolean met) {
        md.append("| ").append(figure).append(" | ").append(measured).append(" | ").append(baseline).append(" | ")
                .append(ratio).append(" | ").append(target).append(" | ").append(met ? "yes" : "**no**").append(" |\n");
    }

    private static double ratio(Stats figure, Stats baseline) {
        return Stats.round(figure.medianMillis() / baseline.medianMillis());
    }

    private static String format(double value) {
        return String.format(java.util.Locale.ROOT, value >= 100 ? "%.0f" : "%.3f", value);
    }

    private static List<Long> samples(Stats stats) {
        List<Long> list = new ArrayList<>();
        for (long nanos : stats.nanos()) {
            list.add(nanos);
        }
        return list;
    }

    private void deleteWork() throws IOException {
        try (Stream<Path> files = Files.walk(work)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    static void log(String message) {
        System.err.println("[bench] " + message);
    }
}
