package io.secretledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * SecretLedger as any client sees it: GraphQL over HTTP at {@code /graphql} and the audit export at
 * {@code /audit/export}, with the bearer token and the workspace header. Errors come back as the API's stable codes.
 */
final class Service {

    static final String WORKSPACE_HEADER = "X-SecretLedger-Workspace";

    private final String url;
    private final String token;
    private final String workspaceId;
    private final ObjectMapper json;
    private final HttpClient http;

    Service(String url, String token, String workspaceId, ObjectMapper json) {
        this(url, token, workspaceId, json, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    private Service(String url, String token, String workspaceId, ObjectMapper json, HttpClient http) {
        this.url = url;
        this.token = token;
        this.workspaceId = workspaceId;
        this.json = json;
        this.http = http;
    }

    String url() {
        return url;
    }

    /** The same service, working in another workspace. */
    Service inWorkspace(String workspaceId) {
        return new Service(url, token, workspaceId, json, http);
    }

    /** Runs a GraphQL document; its {@code data}, or the first error as a {@link CliException}. */
    JsonNode graphql(String document, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", document);
        body.put("variables", variables);
        HttpRequest.Builder request;
        try {
            request = authorized(HttpRequest.newBuilder(URI.create(url + "/graphql")))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/graphql-response+json, application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new CliException(Exit.USAGE, null, null, "Cannot write the request: " + e.getMessage());
        }
        HttpResponse<InputStream> response = send(request.build());
        JsonNode answer = read(response);
        failOnErrors(answer, response.statusCode());
        return answer.path("data");
    }

    /** A GET of an endpoint beside GraphQL, streamed; refused answers become the API's codes. */
    InputStream get(String path, Map<String, String> query) {
        String parameters = query.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<InputStream> response = send(authorized(HttpRequest.newBuilder(
                URI.create(url + path + (parameters.isEmpty() ? "" : "?" + parameters)))).GET().build());
        if (response.statusCode() != 200) {
            failOnErrors(read(response), response.statusCode());
            throw CliException.api(null, null, "The service answered HTTP " + response.statusCode());
        }
        return response.body();
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        request.timeout(Duration.ofMinutes(5));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (workspaceId != null) {
            request.header(WORKSPACE_HEADER, workspaceId);
        }
        return request;
    }

    private HttpResponse<InputStream> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw CliException.api("UNAVAILABLE", null, "Cannot reach " + url + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.api("UNAVAILABLE", null, "Interrupted");
        }
    }

    private JsonNode read(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            return json.readTree(body);
        } catch (IOException e) {
            throw CliException.api(null, null, "The service answered HTTP " + response.statusCode()
                    + " with no JSON");
        }
    }

    private static void failOnErrors(JsonNode answer, int status) {
        JsonNode errors = answer == null ? null : answer.path("errors");
        if (answer != null && answer.hasNonNull("code") && answer.path("code").isTextual()) {
            // The endpoints beside GraphQL answer one error: {"code", "field", "message"}.
            throw CliException.api(answer.get("code").asText(),
                    answer.hasNonNull("field") ? answer.get("field").asText() : null,
                    answer.path("message").asText("The service refused the request (HTTP " + status + ")"));
        }
        if (errors != null && errors.isArray() && !errors.isEmpty()) {
            JsonNode first = errors.get(0);
            JsonNode extensions = first.path("extensions");
            String code = extensions.hasNonNull("code") ? extensions.get("code").asText()
                    : extensions.hasNonNull("classification") ? "VALIDATION" : null;
            throw CliException.api(code, extensions.hasNonNull("field") ? extensions.get("field").asText() : null,
                    first.path("message").asText("The service refused the request (HTTP " + status + ")"));
        }
        if (status == 401) {
            throw CliException.api("UNAUTHENTICATED", null, "The token was refused; log in again");
        }
    }
}
