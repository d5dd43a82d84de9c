package io.secretledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A GraphQL-over-HTTP client, one per simulated user; fails on any error in the answer. */
final class GraphQl {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final String token;

    GraphQl(int port, String token) {
        this.endpoint = URI.create("http://127.0.0.1:" + port + "/graphql");
        this.token = token;
    }

    JsonNode execute(String document, Map<String, Object> variables) throws IOException, InterruptedException {
        Answer answer = call(document, variables);
        if (!answer.ok()) {
            throw new IllegalStateException("GraphQL call failed: " + answer.status() + " " + answer.errors());
        }
        return answer.data();
    }

    /**
     * An answer as it came: HTTP status, data, errors, and the first error's {@code extensions.code} ({@code HTTP
     * <status>} for a non-200 answer without one, null without errors).
     */
    record Answer(int status, JsonNode data, JsonNode errors, String code) {

        boolean ok() {
            return code == null;
        }
    }

    Answer call(String document, Map<String, Object> variables) throws IOException, InterruptedException {
        HttpResponse<String> response = send(document, variables);
        JsonNode body = JSON.readTree(response.body());
        JsonNode errors = body.path("errors");
        String code = null;
        if (errors.isArray() && !errors.isEmpty()) {
            code = errors.get(0).path("extensions").path("code").asText("NO CODE");
        } else if (response.statusCode() != 200) {
            code = "HTTP " + response.statusCode();
        }
        return new Answer(response.statusCode(), body.path("data"), errors, code);
    }

    String token() {
        return token;
    }

    /** True once the server answers a query. */
    boolean answers() {
        try {
            return send("{ __typename }", Map.of()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The value of a statistic of an actuator metric (with optional tag), or NaN if it has none. */
    double metric(String name, String tag, String statistic) throws IOException, InterruptedException {
        URI uri = endpoint.resolve("/actuator/metrics/" + name + (tag == null ? "" : "?tag=" + tag));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return Double.NaN;
        }
        for (JsonNode measurement : JSON.readTree(response.body()).path("measurements")) {
            if (statistic.equals(measurement.path("statistic").asText())) {
                return measurement.path("value").asDouble();
            }
        }
        return Double.NaN;
    }

    private HttpResponse<String> send(String document, Map<String, Object> variables)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("query", document, "variables", variables))));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
