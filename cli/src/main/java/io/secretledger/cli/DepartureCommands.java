package io.secretledger.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code departure-report MEMBER}: what a member (or service account) revealed, downloaded or had used, and what of it
 * is still current, i.e. what to rotate now that they leave (issue 20). A table of the fields to rotate; with
 * {@code --json} or {@code --out} every exposure as NDJSON from {@code /departure/export}. Owners of the workspace,
 * and operators naming it with {@code --workspace}; the service records every report in the workspace's audit log.
 */
final class DepartureCommands {

    private static final Pattern ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private DepartureCommands() {
    }

    static void run(Context context) {
        String member = context.args.word(1, "the member (id, or e-mail address of a current member)");
        String from = context.args.option("from");
        String to = context.args.option("to");
        String out = context.args.option("out");
        context.args.requireOnly(2);
        Service service = context.service();
        String workspaceId = workspace(context, service);
        String memberId = memberId(service, member);
        if (out != null || context.output.json) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("memberId", memberId);
            query.put("from", from);
            query.put("to", to);
            query.put("workspaceId", workspaceId);
            try (InputStream lines = service.get("/departure/export", query)) {
                if (out != null) {
                    long count = AuditCommands.write(lines, Path.of(out));
                    context.output.note("Wrote " + count + " exposures to " + out);
                } else {
                    lines.transferTo(context.output.out);
                    context.output.out.flush();
                }
            } catch (IOException e) {
                throw CliException.api("UNAVAILABLE", null, "The export broke off: " + e.getMessage());
            }
            return;
        }
        Map<String, Object> variables = new HashMap<>();
        variables.put("memberId", memberId);
        variables.put("from", from);
        variables.put("to", to);
        variables.put("workspaceId", workspaceId);
        JsonNode report = service.graphql("query($memberId: ID!, $from: DateTime, $to: DateTime, $workspaceId: ID) "
                + "{ departureReport(memberId: $memberId, from: $from, to: $to, workspaceId: $workspaceId) { "
                + "subject { id type displayName removed } exposureCount toRotate { secretId secretName fieldKey "
                + "currentVersion secretDeleted lastExposedAt how } } }", variables).path("departureReport");
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode field : report.path("toRotate")) {
            rows.add(Output.row(Output.text(field, "secretName"), field.path("fieldKey").asText(),
                    field.path("currentVersion").asText(), field.path("lastExposedAt").asText(),
                    WorkspaceCommands.join(field.path("how")), field.path("secretDeleted").asBoolean() ? "deleted" : "",
                    field.path("secretId").asText()));
        }
        JsonNode subject = report.path("subject");
        context.output.note(subject.path("type").asText() + " " + Output.text(subject, "displayName") + " ("
                + subject.path("id").asText() + (subject.path("removed").asBoolean() ? ", removed" : "") + "): "
                + report.path("exposureCount").asText() + " exposures, " + rows.size() + " fields to rotate");
        context.output.table(List.of("SECRET", "FIELD", "VERSION", "LAST EXPOSED", "HOW", "STATE", "SECRET ID"),
                rows);
    }

    /**
     * The workspace named with {@code --workspace} as the report's {@code workspaceId}: one of the person's own, by
     * id or name, or (operators) any of the installation's by id or by its exact name; null when none is named, and
     * the service answers for the workspace the request works in.
     */
    private static String workspace(Context context, Service service) {
        String named = context.workspaceOption();
        if (named == null) {
            return null;
        }
        String resolved = Context.resolveWorkspace(service, named);
        if (!resolved.equals(named) || ID.matcher(named).matches()) {
            return resolved;
        }
        try {
            return WorkspaceCommands.operatorsWorkspace(context, named);
        } catch (CliException e) {
            if (!"FORBIDDEN".equals(e.apiCode)) {
                throw e;
            }
            throw CliException.api("NOT_FOUND", "workspace", "You are no member of a workspace named " + named);
        }
    }

    /** An id as it is; an e-mail address, among the workspace's current members (a removed member only by id). */
    private static String memberId(Service service, String member) {
        if (!member.contains("@")) {
            return member;
        }
        JsonNode members;
        try {
            members = service.graphql("query { workspace { members { id email } } }", Map.of())
                    .path("workspace").path("members");
        } catch (CliException e) {
            if (!"FORBIDDEN".equals(e.apiCode)) {
                throw e;
            }
            throw CliException.api("FORBIDDEN", "member", "Only a member of the workspace can name a member by "
                    + "e-mail address; give the member's id");
        }
        for (JsonNode m : members) {
            if (m.path("email").asText().equalsIgnoreCase(member)) {
                return m.path("id").asText();
            }
        }
        throw CliException.api("NOT_FOUND", "member", "No current member has the address " + member
                + " (a removed member is named by id: see audit export --action MemberRemoved)");
    }
}
