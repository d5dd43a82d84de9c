package io.secretledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code secrets ls}, {@code secrets show NAME} and {@code secrets reveal NAME/FIELD}. */
final class SecretCommands {

    private static final String MASK = "********";

    private SecretCommands() {
    }

    static void run(Context context) {
        String sub = context.args.word(1, "a secrets command: ls, show or reveal");
        switch (sub) {
            case "ls", "list" -> list(context);
            case "show" -> show(context);
            case "reveal" -> reveal(context);
            default -> throw CliException.usage("Unknown command: secrets " + sub);
        }
    }

    /** Every secret the caller may see (all pages), or those whose name contains {@code --search}. */
    private static void list(Context context) {
        String search = context.args.option("search");
        String ticket = context.args.option("ticket");
        context.args.requireOnly(2);
        ArrayNode found = context.json.createArrayNode();
        String after = null;
        do {
            Map<String, Object> variables = new HashMap<>();
            variables.put("after", after);
            variables.put("search", search);
            variables.put("ticket", ticket);
            JsonNode page = context.service().graphql("query($after: String, $search: String, $ticket: ID) { "
                    + "secrets(first: 100, after: $after, nameContains: $search, ticketId: $ticket) { edges { node { "
                    + "id name description templateId active expiresAt version } } "
                    + "pageInfo { hasNextPage endCursor } } }", variables).path("secrets");
            page.path("edges").forEach(edge -> found.add(edge.path("node")));
            after = Output.nextCursor(page, after);
        } while (after != null);
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode secret : found) {
            rows.add(List.of(secret.path("name").asText(), secret.path("description").asText(""),
                    secret.path("active").asBoolean() ? "active" : "inactive", secret.path("expiresAt").asText("-")));
        }
        context.output.emit(found, List.of("NAME", "DESCRIPTION", "STATE", "EXPIRES"), rows);
    }

    /** A secret with its fields; sensitive values stay masked (reveal one with {@code secrets reveal}). */
    private static void show(Context context) {
        String name = context.args.word(2, "the secret's name");
        context.args.requireOnly(3);
        String id = idOf(context, name);
        JsonNode secret = context.service().graphql("query($id: ID!) { secret(id: $id) { id name description "
                        + "templateId visibility active expiresAt version fields { key label type sensitive masked value "
                        + "version } } }", Map.of("id", id)).path("secret");
        if (context.output.json) {
            context.output.print(secret);
            return;
        }
        context.output.out.println(secret.path("name").asText() + "  " + secret.path("description").asText("")
                + "  (" + (secret.path("active").asBoolean() ? "active" : "inactive")
                + (secret.hasNonNull("expiresAt") ? ", expires " + secret.path("expiresAt").asText() : "")
                + ", version " + secret.path("version").asText() + ")");
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode field : secret.path("fields")) {
            rows.add(List.of(field.path("key").asText(), field.path("label").asText(), field.path("type").asText(),
                    field.path("version").asText(), field.path("masked").asBoolean() ? MASK
                            : field.path("value").asText("-")));
        }
        context.output.table(List.of("FIELD", "LABEL", "TYPE", "VERSION", "VALUE"), rows);
    }

    /**
     * Prints one field's plaintext and nothing else (so that {@code $(secretledger secrets reveal db/password)} works);
     * the service records the reveal first. Where the workspace requires the e-mailed code, asks for one, reads it from
     * the terminal (or standard input) and reveals once confirmed.
     */
    private static void reveal(Context context) {
        String target = context.args.word(2, "NAME/FIELD");
        String ticket = context.args.option("ticket");
        boolean confirmExpired = context.args.flag("confirm-expired");
        String reason = context.args.option("reason");
        context.args.requireOnly(3);
        int slash = target.lastIndexOf('/');
        if (slash <= 0 || slash == target.length() - 1) {
            throw CliException.usage("Name the field as NAME/FIELD, such as payment-api/token");
        }
        Map<String, Object> input = new HashMap<>();
        input.put("secretId", idOf(context, target.substring(0, slash)));
        input.put("fieldKey", target.substring(slash + 1));
        input.put("ticketId", ticket);
        input.put("confirmExpired", confirmExpired);
        input.put("reason", reason);
        String document = "mutation($input: RevealSecretFieldInput!) { revealSecretField(input: $input) { "
                + "secretId fieldKey fieldVersion grant value } }";
        JsonNode revealed;
        try {
            revealed = context.service().graphql(document, Map.of("input", input));
        } catch (CliException e) {
            if (!"VERIFICATION_REQUIRED".equals(e.apiCode)) {
                throw e;
            }
            verify(context);
            revealed = context.service().graphql(document, Map.of("input", input));
        }
        JsonNode payload = revealed.path("revealSecretField");
        if (context.output.json) {
            ObjectNode answer = context.json.createObjectNode();
            answer.put("secret", target.substring(0, slash));
            answer.setAll((ObjectNode) payload);
            context.output.print(answer);
        } else {
            context.output.out.println(payload.path("value").asText());
        }
    }

    private static void verify(Context context) {
        JsonNode sent = context.service().graphql("mutation { requestRevealVerification { sentTo expiresAt } }",
                Map.of()).path("requestRevealVerification");
        context.output.note("This workspace asks for a code before reveals; it was sent to "
                + sent.path("sentTo").asText() + ".");
        String code = context.readLine("Code: ");
        if (code == null || code.isBlank()) {
            throw CliException.api("VERIFICATION_REQUIRED", "code", "No code given");
        }
        context.service().graphql("mutation($input: ConfirmRevealVerificationInput!) { confirmRevealVerification("
                + "input: $input) { unlockedUntil } }", Map.of("input", Map.of("code", code)));
    }

    /** The id of the secret with this exact name among those the caller may see. */
    static String idOf(Context context, String name) {
        JsonNode edges = context.service().graphql("query($name: String) { secrets(first: 100, namePrefix: $name) { "
                + "edges { node { id name } } } }", Map.of("name", name)).path("secrets").path("edges");
        for (JsonNode edge : edges) {
            if (edge.path("node").path("name").asText().equals(name)) {
                return edge.path("node").path("id").asText();
            }
        }
        throw CliException.api("NOT_FOUND", "name", "No secret named " + name + " that you may see");
    }
}
