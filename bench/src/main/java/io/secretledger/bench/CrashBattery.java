package io.secretledger.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Battery (issue 8, item 3): the packaged application killed with SIGKILL at a random moment under a mixed write load
 * (creates, edits, reveals from four clients), round after round on one data directory. After each restart, once
 * the projections have caught up: every acknowledged command is there (created secrets, edits with their value at
 * their version, reveals), no secret's history repeats or skips a version, the audit chain is intact, and every
 * projection, rebuilt from the event store, answers exactly as before.
 */
final class CrashBattery {

    private static final String SECRET_STATE = """
            query($id: ID!, $after: String) { secret(id: $id) { id version revealCount
              history(first: 100, after: $after, order: OLDEST_FIRST) {
                edges { node { sequence type changes { field value } } } pageInfo { hasNextPage endCursor } } } }""";
    private static final String LIST = """
            query($after: String) { secrets(first: 100, after: $after) {
              edges { node { id name version revealCount description fields { key value version } } }
              pageInfo { hasNextPage endCursor } } }""";

    /** What the rounds found. */
    record Outcome(int rounds, int acknowledged, int missing, int duplicated, int projectionMismatches,
                   int brokenChains, List<String> problems) {

        boolean clean() {
            return missing == 0 && duplicated == 0 && projectionMismatches == 0 && brokenChains == 0;
        }
    }

    private final Path jar;
    private final Path dir;
    private final List<String> jvmOptions;
    private final Random random;
    /** Acknowledged creates. */
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    /** Acknowledged edits: secret -> (version -> tenant value). */
    private final Map<String, Map<Integer, String>> edits = new ConcurrentHashMap<>();
    /** Acknowledged reveals per secret. */
    private final Map<String, AtomicInteger> reveals = new ConcurrentHashMap<>();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    /** The creates acknowledged since the last restart: their names must still be taken after the next one. */
    private final List<String> createdThisRound = java.util.Collections.synchronizedList(new ArrayList<>());
    private String templateId;
    private int missing;
    private int duplicated;
    private int mismatches;
    private int brokenChains;

    private CrashBattery(Path jar, Path dir, List<String> jvmOptions, long seed) {
        this.jar = jar;
        this.dir = dir;
        this.jvmOptions = jvmOptions;
        this.random = new Random(seed);
    }

    static Outcome run(Path jar, Path dir, List<String> jvmOptions, int rounds, long seed) throws Exception {
        return new CrashBattery(jar, dir, jvmOptions, seed).rounds(rounds);
    }

    private Outcome rounds(int rounds) throws Exception {
        String token;
        try (AppProcess app = AppProcess.start(jar, dir, jvmOptions)) {
            token = app.token(Duration.ofSeconds(120));
            templateId = Bench.createTemplate(new GraphQl(app.port, token));
        }
        for (int round = 1; round <= rounds; round++) {
            AppProcess app = AppProcess.start(jar, dir, jvmOptions);
            try {
                GraphQl client = new GraphQl(app.port, token);
                awaitCaughtUp(client);
                check(client, round);
                load(app, client, templateId, 300 + random.nextInt(2_200));
            } finally {
                app.kill();
                if (Boolean.getBoolean("secretledger.crash.copy-after-kill")) {
                    Path copy = dir.resolveSibling("killed-" + round);
                    try (var files = java.nio.file.Files.walk(dir)) {
                        for (Path file : files.toList()) {
                            java.nio.file.Files.copy(file, copy.resolve(dir.relativize(file).toString()));
                        }
                    }
                }
            }
            Bench.log(String.format("crash round %d: %d acknowledged so far, %d problems", round, acknowledged(),
                    problems.size()));
        }
        try (AppProcess app = AppProcess.start(jar, dir, jvmOptions)) {
            GraphQl client = new GraphQl(app.port, token);
            awaitCaughtUp(client);
            check(client, rounds + 1);
        }
        return new Outcome(rounds, acknowledged(), missing, duplicated, mismatches, brokenChains, List.copyOf(problems));
    }

    /** A problem, logged as found: a long run is read while it goes on. */
    private void problem(String text) {
        problems.add(text);
        Bench.log("PROBLEM " + text);
    }

    private int acknowledged() {
        return created.size() + edits.values().stream().mapToInt(Map::size).sum()
                + reveals.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Four clients write until the process is killed, {@code killAfterMillis} after they start. */
    private void load(AppProcess app, GraphQl client, String templateId, long killAfterMillis) throws Exception {
        createdThisRound.clear();
        AtomicBoolean killed = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int c = 0; c < 4; c++) {
            long seed = random.nextLong();
            clients.submit(() -> {
                Random mine = new Random(seed);
                while (!killed.get()) {
                    try {
                        step(client, templateId, mine);
                    } catch (Exception e) {
                        // in flight when the process died: not acknowledged, so nothing is expected of it
                    }
                }
            });
        }
        Thread.sleep(killAfterMillis);
        Bench.log("kill at " + java.time.Instant.now());
        app.kill();
        killed.set(true);
        clients.shutdown();
        clients.awaitTermination(30, TimeUnit.SECONDS);
    }

    private void step(GraphQl client, String templateId, Random mine) throws Exception {
        List<String> known = new ArrayList<>(created);
        int choice = known.isEmpty() ? 0 : mine.nextInt(10);
        if (choice < 4) {
            List<String> ids = new ArrayList<>();
            Bench.createSecret(client, templateId, ids);
            created.add(ids.get(0));
            createdThisRound.add(ids.get(0));
        } else if (choice < 8) {
            String id = known.get(mine.nextInt(known.size()));
            int version = client.execute("query($id: ID!) { secret(id: $id) { version } }", Map.of("id", id))
                    .path("secret").path("version").asInt();
            String tenant = "t-" + UUID.randomUUID();
            JsonNode edited;
            try {
                edited = client.execute("mutation($id: ID!, $v: Int!, $t: String) { updateSecret(input: {id: $id, "
                        + "expectedVersion: $v, values: [{key: \"tenant\", value: $t}]}) { secret { version } } }",
                        Map.of("id", id, "v", version, "t", tenant));
            } catch (IllegalStateException conflict) {
                return; // refused (another client edited first): not acknowledged
            }
            edits.computeIfAbsent(id, key -> new ConcurrentHashMap<>())
                    .put(edited.path("updateSecret").path("secret").path("version").asInt(), tenant);
        } else {
            String id = known.get(mine.nextInt(known.size()));
            Bench.reveal(client, List.of(id));
            reveals.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
        }
    }

    private void check(GraphQl client, int round) throws Exception {
        // First what the processors made of the events after the crash, then the same rebuilt from the event store:
        // the acknowledged commands are looked for in the rebuilt state, which is what the store holds.
        List<String> first = listing(client);
        JsonNode firstChain = client.execute("{ verifyAuditChain { intact checked firstBroken reason } }", Map.of())
                .path("verifyAuditChain");
        Thread.sleep(3_000);
        List<String> before = listing(client);
        JsonNode liveChain = client.execute("{ verifyAuditChain { intact checked firstBroken reason } }", Map.of())
                .path("verifyAuditChain");
        if (!liveChain.path("intact").asBoolean() && Boolean.getBoolean("secretledger.crash.stop-on-broken-chain")) {
            // For a post-mortem: the data directory as the restarted processors left it, before any rebuild.
            throw new IllegalStateException("round " + round + ": audit chain broken after the restart: " + liveChain
                    + "; processors " + client.execute("{ projections { name position caughtUp } }", Map.of()));
        }
        if (!first.equals(before) || !firstChain.equals(liveChain)) {
            Bench.log("round " + round + ": the live projections changed after they reported caught up: chain "
                    + firstChain + " -> " + liveChain + ", listing equal: " + first.equals(before));
        }
        List<String> projections = new ArrayList<>();
        client.execute("{ projections { name } }", Map.of()).path("projections")
                .forEach(p -> projections.add(p.path("name").asText()));
        for (String projection : projections) {
            client.execute("mutation($name: String!) { rebuildProjection(input: {name: $name}) { name } }",
                    Map.of("name", projection));
        }
        awaitCaughtUp(client);
        List<String> after = listing(client);
        if (!before.equals(after)) {
            mismatches++;
            List<String> onlyBefore = new ArrayList<>(before);
            onlyBefore.removeAll(after);
            List<String> onlyAfter = new ArrayList<>(after);
            onlyAfter.removeAll(before);
            problem("round " + round + ": the projections differ from a fresh replay: " + onlyBefore
                    + " became " + onlyAfter);
            for (String differing : onlyAfter) {
                String id = differing.replaceAll(".*?\"id\":\"([^\"]+)\".*", "$1");
                Bench.log("history of " + id + ": " + client.execute("query($id: ID!) { secret(id: $id) { "
                        + "history(first: 20, order: OLDEST_FIRST) { edges { node { sequence type at } } } } }",
                        Map.of("id", id)));
            }
        }
        for (String id : List.copyOf(createdThisRound)) {
            // A secret's name is its reference: a crash must not free the name of an acknowledged create.
            String name = client.execute("query($id: ID!) { secret(id: $id) { name } }", Map.of("id", id))
                    .path("secret").path("name").asText();
            try {
                client.execute("mutation($t: ID!, $n: String!) { createSecret(input: {templateId: $t, name: $n, "
                                + "values: [{key: \"tenant\", value: \"again\"}, {key: \"token\", value: \"again\"}]}) "
                                + "{ secret { id } } }", Map.of("t", templateId, "n", name));
                problem("round " + round + ": the name of acknowledged create " + id + " was free after the restart");
            } catch (IllegalStateException refused) {
                if (!refused.getMessage().contains("VALIDATION")) {
                    problem("round " + round + ": a second create named like " + id + " failed unexpectedly: "
                            + refused.getMessage());
                }
            }
        }
        if (!liveChain.path("intact").asBoolean()) {
            brokenChains++;
            problem("round " + round + ": the audit chain was broken before the rebuild: " + liveChain);
        }
        for (String id : created) {
            JsonNode secret = client.execute(SECRET_STATE, Map.of("id", id)).path("secret");
            if (secret.isNull() || secret.isMissingNode()) {
                missing++;
                problem("round " + round + ": acknowledged create of " + id + " is missing");
                continue;
            }
            List<JsonNode> history = new ArrayList<>();
            for (JsonNode page = secret.path("history"); ; ) {
                page.path("edges").forEach(history::add);
                if (!page.path("pageInfo").path("hasNextPage").asBoolean()) {
                    break;
                }
                page = client.execute(SECRET_STATE, Map.of("id", id, "after", page.path("pageInfo")
                        .path("endCursor").asText())).path("secret").path("history");
            }
            Map<Integer, String> tenants = new HashMap<>();
            List<Integer> sequences = new ArrayList<>();
            int revealed = 0;
            for (JsonNode edge : history) {
                JsonNode node = edge.path("node");
                sequences.add(node.path("sequence").asInt());
                revealed += "REVEALED".equals(node.path("type").asText()) ? 1 : 0;
                for (JsonNode change : node.path("changes")) {
                    if ("tenant".equals(change.path("field").asText())) {
                        tenants.put(node.path("sequence").asInt(), change.path("value").asText());
                    }
                }
            }
            for (int i = 0; i < sequences.size(); i++) {
                if (i > 0 && sequences.get(i) <= sequences.get(i - 1)) {
                    duplicated++;
                    problem("round " + round + ": " + id + " history repeats or reorders " + sequences);
                    break;
                }
            }
            edits.getOrDefault(id, Map.of()).forEach((version, tenant) -> {
                if (!tenant.equals(tenants.get(version))) {
                    missing++;
                    problem("round " + round + ": acknowledged edit of " + id + " to version " + version
                            + " is missing");
                }
            });
            int acknowledgedReveals = reveals.getOrDefault(id, new AtomicInteger()).get();
            if (revealed < acknowledgedReveals || secret.path("revealCount").asInt() < acknowledgedReveals) {
                missing++;
                problem("round " + round + ": " + id + " shows " + revealed + " reveals, "
                        + acknowledgedReveals + " acknowledged");
            }
        }
    }

    private static List<String> listing(GraphQl client) throws Exception {
        List<String> secrets = new ArrayList<>();
        String after = null;
        do {
            Map<String, Object> variables = new HashMap<>();
            variables.put("after", after);
            JsonNode page = client.execute(LIST, variables).path("secrets");
            page.path("edges").forEach(edge -> secrets.add(edge.path("node").toString()));
            after = page.path("pageInfo").path("hasNextPage").asBoolean()
                    ? page.path("pageInfo").path("endCursor").asText() : null;
        } while (after != null);
        return secrets;
    }

    static void awaitCaughtUp(GraphQl client) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!client.answers()) {
            Thread.sleep(200);
        }
        Thread.sleep(500);
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (JsonNode status : client.execute("{ projections { caughtUp replaying } }", Map.of())
                    .path("projections")) {
                all &= status.path("caughtUp").asBoolean() && !status.path("replaying").asBoolean();
            }
            if (all) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("The projections did not catch up within 5 minutes");
    }
}
