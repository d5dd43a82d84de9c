package io.secretledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code workspaces}: the person's memberships; with {@code --all}, the installation's workspaces (operators); and
 * the operator's {@code create}, {@code rename}, {@code suspend} and {@code resume}.
 */
final class WorkspaceCommands {

    private static final String SUMMARY = "id name createdAt suspended suspendedReason memberCount ownerEmails";

    private WorkspaceCommands() {
    }

    static void run(Context context) {
        String sub = context.args.words().size() > 1 ? context.args.words().get(1) : "ls";
        switch (sub) {
            case "ls", "list" -> list(context);
            case "create" -> create(context);
            case "rename" -> rename(context);
            case "suspend" -> suspend(context);
            case "resume" -> resume(context);
            default -> throw CliException.usage("Unknown command: workspaces " + sub);
        }
    }

    private static void list(Context context) {
        boolean all = context.args.flag("all");
        String search = context.args.option("search");
        context.args.requireOnly(2);
        if (!all) {
            if (search != null) {
                throw CliException.usage("--search lists the installation's workspaces: add --all");
            }
            JsonNode me = context.service().graphql("query { me { workspaceId memberships { workspaceId "
                    + "workspaceName memberId email permissions suspended } } }", Map.of()).path("me");
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode m : me.path("memberships")) {
                rows.add(List.of(m.path("workspaceId").asText().equals(Output.text(me, "workspaceId")) ? "*" : "",
                        m.path("workspaceId").asText(), m.path("workspaceName").asText(), m.path("memberId").asText(),
                        join(m.path("permissions")), m.path("suspended").asBoolean() ? "suspended" : "active"));
            }
            context.output.emit(me.path("memberships"), List.of("", "ID", "NAME", "MEMBER", "PERMISSIONS", "STATE"),
                    rows);
            return;
        }
        ArrayNode found = context.json.createArrayNode();
        String after = null;
        do {
            Map<String, Object> variables = new HashMap<>();
            variables.put("after", after);
            variables.put("search", search);
            JsonNode page = context.service().graphql("query($after: String, $search: String) { workspaces(first: "
                    + "100, after: $after, search: $search) { edges { node { " + SUMMARY + " } } "
                    + "pageInfo { hasNextPage endCursor } } }", variables).path("workspaces");
            page.path("edges").forEach(edge -> found.add(edge.path("node")));
            after = Output.nextCursor(page, after);
        } while (after != null);
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode w : found) {
            rows.add(summaryRow(w));
        }
        context.output.emit(found, SUMMARY_HEADERS, rows);
    }

    private static final List<String> SUMMARY_HEADERS = List.of("ID", "NAME", "STATE", "MEMBERS", "OWNERS",
            "CREATED");

    private static List<String> summaryRow(JsonNode w) {
        return List.of(w.path("id").asText(), w.path("name").asText(),
                w.path("suspended").asBoolean() ? "suspended: " + w.path("suspendedReason").asText() : "active",
                w.path("memberCount").asText(), join(w.path("ownerEmails")), w.path("createdAt").asText("-"));
    }

    private static void create(Context context) {
        String name = context.args.word(2, "the new workspace's name");
        String owner = context.args.option("owner");
        context.args.requireOnly(3);
        if (owner == null) {
            throw CliException.usage("workspaces create NAME --owner EMAIL: the first owner is invited by e-mail");
        }
        JsonNode created = context.service().graphql("mutation($input: CreateWorkspaceInput!) { createWorkspace("
                        + "input: $input) { ownerMemberId workspace { " + SUMMARY + " } } }",
                Map.of("input", Map.of("name", name, "ownerEmail", owner))).path("createWorkspace");
        context.output.emit(created, SUMMARY_HEADERS, List.of(summaryRow(created.path("workspace"))));
        if (!context.output.json) {
            context.output.note("Invited " + owner + " to own it.");
        }
    }

    private static void rename(Context context) {
        String workspace = context.args.word(2, "the workspace (id or name)");
        String name = context.args.word(3, "the new name");
        context.args.requireOnly(4);
        change(context, "renameWorkspace", "RenameWorkspaceInput",
                Map.of("workspaceId", operatorsWorkspace(context, workspace), "name", name));
    }

    private static void suspend(Context context) {
        String workspace = context.args.word(2, "the workspace (id or name)");
        String reason = context.args.option("reason");
        context.args.requireOnly(3);
        if (reason == null) {
            throw CliException.usage("workspaces suspend WORKSPACE --reason TEXT: its owners see why");
        }
        change(context, "suspendWorkspace", "SuspendWorkspaceInput",
                Map.of("workspaceId", operatorsWorkspace(context, workspace), "reason", reason));
    }

    private static void resume(Context context) {
        String workspace = context.args.word(2, "the workspace (id or name)");
        context.args.requireOnly(3);
        change(context, "resumeWorkspace", "ResumeWorkspaceInput",
                Map.of("workspaceId", operatorsWorkspace(context, workspace)));
    }

    private static void change(Context context, String mutation, String inputType, Map<String, Object> input) {
        JsonNode changed = context.service().graphql("mutation($input: " + inputType + "!) { " + mutation
                + "(input: $input) { workspace { " + SUMMARY + " } } }", Map.of("input", input))
                .path(mutation).path("workspace");
        context.output.emit(changed, SUMMARY_HEADERS, List.of(summaryRow(changed)));
    }

    /** A workspace an operator names: its id, or a name that exactly one workspace of the installation has. */
    static String operatorsWorkspace(Context context, String workspace) {
        JsonNode edges = context.service().graphql("query($search: String) { workspaces(first: 100, search: $search) "
                + "{ edges { node { id name } } } }", Map.of("search", workspace)).path("workspaces").path("edges");
        List<String> named = new ArrayList<>();
        for (JsonNode edge : edges) {
            if (edge.path("node").path("name").asText().equalsIgnoreCase(workspace)) {
                named.add(edge.path("node").path("id").asText());
            }
        }
        if (named.size() > 1) {
            throw CliException.api("VALIDATION", "workspace", named.size() + " workspaces are named " + workspace
                    + ": give the id");
        }
        return named.isEmpty() ? workspace : named.get(0);
    }

    static String join(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values.isEmpty() ? "-" : String.join(",", values);
    }
}
