package io.secretledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** One run of a command: its arguments, the settings, the service, the output and the person's input. */
final class Context {

    final Args args;
    final Settings settings;
    final Output output;
    final ObjectMapper json;
    final Map<String, String> env;
    private final BufferedReader in;
    private final String urlOption;
    private final String workspaceOption;
    private Service service;

    Context(Args args, Settings settings, Output output, ObjectMapper json, Map<String, String> env, BufferedReader in,
            String urlOption, String workspaceOption) {
        this.args = args;
        this.settings = settings;
        this.output = output;
        this.json = json;
        this.env = env;
        this.in = in;
        this.urlOption = urlOption;
        this.workspaceOption = workspaceOption;
    }

    /** The workspace {@code --workspace} names on this command line, as typed (null: none). */
    String workspaceOption() {
        return workspaceOption;
    }

    String url() {
        return settings.url(urlOption);
    }

    /** The service as the saved (or given) token sees it, in the chosen workspace. */
    Service service() {
        if (service == null) {
            String token = settings.token();
            if (token == null) {
                throw CliException.api("UNAUTHENTICATED", null,
                        "Not signed in: run 'secretledger login' or set SECRETLEDGER_TOKEN");
            }
            Service signedIn = new Service(url(), token, null, json);
            String workspace = settings.workspace(workspaceOption);
            service = workspace == null ? signedIn : signedIn.inWorkspace(resolveWorkspace(signedIn, workspace));
        }
        return service;
    }

    /** A workspace named by id or by name among the person's memberships; otherwise as given (the service decides). */
    static String resolveWorkspace(Service service, String workspace) {
        JsonNode memberships = service.graphql("query { me { memberships { workspaceId workspaceName } } }", Map.of())
                .path("me").path("memberships");
        for (JsonNode membership : memberships) {
            if (membership.path("workspaceId").asText().equals(workspace)) {
                return workspace;
            }
        }
        for (JsonNode membership : memberships) {
            if (membership.path("workspaceName").asText().equalsIgnoreCase(workspace)) {
                return membership.path("workspaceId").asText();
            }
        }
        return workspace;
    }

    /** One line the person types (at a terminal) or a script pipes in; null at the end of the input. */
    String readLine(String prompt) {
        if (prompt != null) {
            output.err.print(prompt);
            output.err.flush();
        }
        try {
            String line = in.readLine();
            return line == null ? null : line.strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
