package io.secretledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sign-in at the team's identity provider with the OAuth 2.0 device authorization grant (RFC 8628), as
 * {@code gh auth login} and {@code az login} do: the provider's discovery document names its endpoints, the person
 * opens the verification address in any browser and enters the code shown, and this polls the token endpoint until
 * they have (at the interval the provider asks for, slower when told to).
 */
final class DeviceLogin {

    private static final String GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    private final ObjectMapper json;
    private final Output output;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    DeviceLogin(ObjectMapper json, Output output) {
        this.json = json;
        this.output = output;
    }

    String signIn(String issuer, String clientId, String scope) {
        JsonNode discovery = get(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
        String deviceEndpoint = discovery.path("device_authorization_endpoint").asText(null);
        String tokenEndpoint = discovery.path("token_endpoint").asText(null);
        if (deviceEndpoint == null || tokenEndpoint == null) {
            throw CliException.api("UNAVAILABLE", null, "The provider " + issuer + " offers no device sign-in");
        }
        Map<String, String> ask = new LinkedHashMap<>();
        ask.put("client_id", clientId);
        ask.put("scope", scope);
        HttpResponse<String> started = post(deviceEndpoint, ask);
        JsonNode device = parse(started);
        if (started.statusCode() != 200 || !device.hasNonNull("device_code")) {
            throw CliException.api("UNAUTHENTICATED", null, "The provider refused the device sign-in: "
                    + device.path("error").asText("HTTP " + started.statusCode()));
        }
        String where = device.path("verification_uri_complete").asText(device.path("verification_uri").asText());
        output.note("To sign in, open " + device.path("verification_uri").asText() + " and enter the code "
                + device.path("user_code").asText() + (where.contains("user_code") ? " (or open " + where + ")" : ""));
        long interval = Math.max(1, device.path("interval").asLong(5));
        Instant until = Instant.now().plusSeconds(device.path("expires_in").asLong(600));
        Map<String, String> poll = new LinkedHashMap<>();
        poll.put("grant_type", GRANT);
        poll.put("device_code", device.path("device_code").asText());
        poll.put("client_id", clientId);
        while (Instant.now().isBefore(until)) {
            pause(interval);
            HttpResponse<String> answered = post(tokenEndpoint, poll);
            JsonNode token = parse(answered);
            if (answered.statusCode() == 200 && token.hasNonNull("access_token")) {
                return token.get("access_token").asText();
            }
            switch (token.path("error").asText("")) {
                case "authorization_pending" -> { }
                case "slow_down" -> interval += 5;
                case "access_denied" -> throw CliException.api("UNAUTHENTICATED", null, "The sign-in was denied");
                case "expired_token" -> throw CliException.api("UNAUTHENTICATED", null, "The code expired");
                default -> throw CliException.api("UNAUTHENTICATED", null, "The provider refused the sign-in: "
                        + token.path("error").asText("HTTP " + answered.statusCode()));
            }
        }
        throw CliException.api("UNAUTHENTICATED", null, "The code expired before the sign-in was completed");
    }

    private JsonNode get(String uri) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw CliException.api("UNAVAILABLE", null, uri + " answered HTTP " + response.statusCode());
            }
            return parse(response);
        } catch (IOException e) {
            throw CliException.api("UNAVAILABLE", null, "Cannot reach " + uri);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.api("UNAVAILABLE", null, "Interrupted");
        }
    }

    private HttpResponse<String> post(String uri, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        try {
            return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw CliException.api("UNAVAILABLE", null, "Cannot reach " + uri);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.api("UNAVAILABLE", null, "Interrupted");
        }
    }

    private JsonNode parse(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private static void pause(long seconds) {
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.api("UNAVAILABLE", null, "Interrupted");
        }
    }
}
