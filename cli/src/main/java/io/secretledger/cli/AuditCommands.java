package io.secretledger.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code audit export} (the NDJSON export, or a table of it) and {@code verify-audit} (the hash chain). */
final class AuditCommands {

    private AuditCommands() {
    }

    static void run(Context context) {
        String sub = context.args.word(1, "an audit command: export");
        if (!"export".equals(sub)) {
            throw CliException.usage("Unknown command: audit " + sub);
        }
        Map<String, String> filter = filter(context);
        String out = context.args.option("out");
        context.args.requireOnly(2);
        try (InputStream lines = context.service().get("/audit/export", filter)) {
            if (out != null) {
                long count = write(lines, Path.of(out));
                context.output.note("Wrote " + count + " entries to " + out);
            } else if (context.output.json) {
                lines.transferTo(context.output.out);
                context.output.out.flush();
            } else {
                table(context, lines);
            }
        } catch (IOException e) {
            throw CliException.api("UNAVAILABLE", null, "The export broke off: " + e.getMessage());
        }
    }

    /** Exits with {@link Exit#INTEGRITY} when an entry differs from the one recomputed from the event store. */
    static void verify(Context context) {
        String from = context.args.option("from");
        String to = context.args.option("to");
        boolean all = context.args.flag("all");
        context.args.requireOnly(1);
        Map<String, Object> variables = new HashMap<>();
        variables.put("from", from);
        variables.put("to", to);
        if (all) {
            verifyAll(context, variables);
            return;
        }
        JsonNode report = context.service().graphql("query($from: DateTime, $to: DateTime) { verifyAuditChain("
                + "from: $from, to: $to) { intact checked firstBroken reason expectedHash storedHash } }", variables)
                .path("verifyAuditChain");
        context.output.emit(report, List.of("INTACT", "CHECKED", "FIRST BROKEN", "REASON"), List.of(Output.row(
                String.valueOf(report.path("intact").asBoolean()), report.path("checked").asText(),
                Output.text(report, "firstBroken"), Output.text(report, "reason"))));
        if (!report.path("intact").asBoolean()) {
            throw new CliException(Exit.INTEGRITY, "INTEGRITY", null, "The audit chain is broken at "
                    + Output.text(report, "firstBroken") + " (" + Output.text(report, "reason") + ")");
        }
    }

    /** Every workspace's chain (operators); exits with {@link Exit#INTEGRITY} when any is broken. */
    private static void verifyAll(Context context, Map<String, Object> variables) {
        JsonNode chains = context.service().graphql("query($from: DateTime, $to: DateTime) { verifyAuditChains("
                + "from: $from, to: $to) { workspaceId workspaceName report { intact checked firstBroken reason "
                + "expectedHash storedHash } } }", variables).path("verifyAuditChains");
        List<List<String>> rows = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        for (JsonNode chain : chains) {
            JsonNode report = chain.path("report");
            rows.add(Output.row(chain.path("workspaceId").asText(), Output.text(chain, "workspaceName"),
                    String.valueOf(report.path("intact").asBoolean()), report.path("checked").asText(),
                    Output.text(report, "firstBroken"), Output.text(report, "reason")));
            if (!report.path("intact").asBoolean()) {
                broken.add(chain.path("workspaceId").asText());
            }
        }
        context.output.emit(chains, List.of("WORKSPACE", "NAME", "INTACT", "CHECKED", "FIRST BROKEN", "REASON"),
                rows);
        if (!broken.isEmpty()) {
            throw new CliException(Exit.INTEGRITY, "INTEGRITY", null, "The audit chain is broken in "
                    + String.join(", ", broken));
        }
    }

    private static Map<String, String> filter(Context context) {
        Map<String, String> filter = new LinkedHashMap<>();
        filter.put("from", context.args.option("from"));
        filter.put("to", context.args.option("to"));
        filter.put("action", context.args.option("action"));
        filter.put("actorId", context.args.option("actor"));
        String secret = context.args.option("secret");
        filter.put("secretId", secret == null ? null : SecretCommands.idOf(context, secret));
        return filter;
    }

    /**
     * Owner-only, like the settings file: an audit log (or a departure report) names people and what they revealed.
     * Answers the number of lines written.
     */
    static long write(InputStream lines, Path file) throws IOException {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        long count = 0;
        try (OutputStream target = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = lines.read(buffer)) > 0; ) {
                target.write(buffer, 0, read);
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private static void table(Context context, InputStream lines) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(lines, StandardCharsets.UTF_8));
        for (String line; (line = reader.readLine()) != null; ) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode entry;
            try {
                entry = context.json.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            JsonNode actor = entry.path("actor");
            rows.add(List.of(entry.path("at").asText(), actor.path("displayName").asText(actor.path("id").asText("-")),
                    entry.path("action").asText(), entry.path("targetType").asText("-") + ":"
                            + entry.path("targetId").asText("-"), Output.text(entry, "grant") == null ? "-"
                            : entry.path("grant").asText(), Output.text(entry, "ticketId") == null ? "-"
                            : entry.path("ticketId").asText(), entry.path("result").asText("-")));
        }
        context.output.table(List.of("AT", "ACTOR", "ACTION", "TARGET", "GRANT", "TICKET", "RESULT"), rows);
    }
}
