package io.secretledger.infra.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

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
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The console's sign-in with the team's OpenID provider (ADR 0030): the authorization code flow with PKCE, as a
 * public client. The browser goes to the provider itself; this class only says whether that sign-in is on and where
 * the provider's authorization endpoint is ({@code GET /signin/config}), and relays the code exchange
 * ({@code POST /signin/token}), because the console's policy lets the page connect to this origin only. It keeps
 * nothing: the verifier comes with the code, the token goes straight back, and neither is ever logged.
 */
@RestController
class ConsoleProviderSignIn {

    static final String CALLBACK = "/signin/callback";
    static final String CONFIG = "/signin/config";
    static final String TOKEN = "/signin/token";

    private static final Logger log = LoggerFactory.getLogger(ConsoleProviderSignIn.class);
    /** RFC 7636: 43 to 128 unreserved characters. */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7e]{1,4096}");
    private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,64}");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DISCOVERY_KEPT = Duration.ofHours(1);
    private static final int MAX_BODY = 16 * 1024;

    private final boolean on;
    private final String issuer;
    private final String clientId;
    private final String scopes;
    private final String name;
    private final String redirectUri;
    private final ObjectProvider<JwtDecoder> decoders;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private volatile Discovered discovered;

    ConsoleProviderSignIn(@Value("${secretledger.auth.mode:local}") String mode,
                          @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri:}") String issuer,
                          @Value("${secretledger.console.oidc.client-id:}") String clientId,
                          @Value("${secretledger.console.oidc.scopes:openid email}") String scopes,
                          @Value("${secretledger.console.oidc.provider-name:}") String name,
                          @Value("${secretledger.console.oidc.redirect-uri:}") String redirectUri,
                          ObjectProvider<JwtDecoder> decoders, ObjectMapper json) {
        this.issuer = issuer.strip();
        this.clientId = clientId.strip();
        this.on = "oidc".equals(mode.strip()) && !this.issuer.isEmpty() && !this.clientId.isEmpty();
        this.scopes = scopes.isBlank() ? "openid email" : scopes.strip();
        this.name = name.isBlank() ? hostOf(this.issuer) : name.strip();
        this.redirectUri = redirectUri.strip();
        this.decoders = decoders;
        this.json = json;
    }

    /** Whether the sign-in page offers the provider, and what it needs to send the person there. */
    @GetMapping(value = CONFIG, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> config(HttpServletRequest request) {
        if (!on) {
            Map<String, Object> off = new LinkedHashMap<>();
            off.put("provider", null);
            return answer(HttpStatus.OK, off);
        }
        Discovered endpoints;
        try {
            endpoints = discovery();
        } catch (ProviderProblem e) {
            return e.answer();
        }
        Map<String, Object> provider = new LinkedHashMap<>();
        provider.put("name", name);
        provider.put("authorizationEndpoint", endpoints.authorization().toString());
        provider.put("clientId", clientId);
        provider.put("scopes", scopes);
        provider.put("redirectUri", callback(request));
        return answer(HttpStatus.OK, Map.of("provider", provider));
    }

    /**
     * Relays the code exchange: {@code {code, codeVerifier, redirectUri}} in, {@code {accessToken, expiresIn}} out,
     * the access token being the one the API checks (its audience). Errors have the API's shape
     * ({@code errors[0].extensions.code}, and {@code field} where an input was wrong).
     */
    @PostMapping(value = TOKEN, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> token(HttpServletRequest request,
                                              @RequestHeader(value = "Origin", required = false) String origin,
                                              @RequestBody(required = false) String body) {
        if (!on) {
            return error(HttpStatus.NOT_FOUND, "NOT_FOUND", null,
                    "Sign-in with a provider is not configured on this service.");
        }
        String callback = callback(request);
        if (origin != null && !origin.equals(originOf(callback))) {
            return error(HttpStatus.FORBIDDEN, "FORBIDDEN", null, "Only this service's console exchanges codes here.");
        }
        String type = request.getContentType();
        if (type == null || !MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(type))) {
            return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "VALIDATION", null, "Send a JSON object.");
        }
        if (body == null || body.isBlank() || body.length() > MAX_BODY) {
            return error(HttpStatus.BAD_REQUEST, "VALIDATION", null,
                    "Send a JSON object with code, codeVerifier and redirectUri.");
        }
        JsonNode input;
        try {
            input = json.readTree(body);
        } catch (IOException e) {
            input = null;
        }
        if (input == null || !input.isObject()) {
            return error(HttpStatus.BAD_REQUEST, "VALIDATION", null,
                    "Send a JSON object with code, codeVerifier and redirectUri.");
        }
        String code = text(input, "code");
        String verifier = text(input, "codeVerifier");
        String redirect = text(input, "redirectUri");
        if (code == null || !PRINTABLE.matcher(code).matches()) {
            return error(HttpStatus.BAD_REQUEST, "VALIDATION", "code", "The provider's code is missing or malformed.");
        }
        if (verifier == null || !VERIFIER.matcher(verifier).matches()) {
            return error(HttpStatus.BAD_REQUEST, "VALIDATION", "codeVerifier",
                    "The code verifier must be 43 to 128 letters, digits or -._~ (RFC 7636).");
        }
        if (!callback.equals(redirect)) {
            return error(HttpStatus.BAD_REQUEST, "VALIDATION", "redirectUri",
                    "The redirect address is not this console's callback (" + callback + ").");
        }
        try {
            return exchange(code, verifier, callback);
        } catch (ProviderProblem e) {
            return e.answer();
        }
    }

    private ResponseEntity<Map<String, Object>> exchange(String code, String verifier, String callback) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", callback);
        form.put("client_id", clientId);
        form.put("code_verifier", verifier);
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(discovery().token()).timeout(TIMEOUT)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                            .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                            .collect(Collectors.joining("&"))))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unreachable("the token endpoint: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable("the token endpoint: interrupted");
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() >= 400 && response.statusCode() < 500) {
            String providerError = answer == null ? null : text(answer, "error");
            providerError = providerError != null && ERROR_CODE.matcher(providerError).matches() ? providerError
                    : "unknown";
            log.warn("The provider refused a console sign-in's code exchange: HTTP {}, {}", response.statusCode(),
                    providerError);
            if ("invalid_grant".equals(providerError)) {
                return error(HttpStatus.BAD_REQUEST, "VALIDATION", "code", "The provider refused this code: it was "
                        + "used already, has expired, or does not match this sign-in. Sign in again.");
            }
            return error(HttpStatus.BAD_GATEWAY, "PROVIDER_REFUSED", null,
                    "The provider refused to exchange the code (" + providerError + "): check the console's client "
                            + "id and its redirect address at the provider.");
        }
        String accessToken = answer == null ? null : text(answer, "access_token");
        String tokenType = answer == null ? null : text(answer, "token_type");
        if (response.statusCode() != 200 || accessToken == null || accessToken.isBlank()
                || (tokenType != null && !"bearer".equalsIgnoreCase(tokenType))) {
            log.warn("The provider's token endpoint gave a console sign-in no bearer token: HTTP {}",
                    response.statusCode());
            throw unreachable("the token endpoint answered no bearer token");
        }
        Instant expiresAt;
        try {
            expiresAt = decoders.getObject().decode(accessToken).getExpiresAt();
        } catch (BadJwtException e) {
            // A token this service would refuse at once: say why here rather than with a 401 on the next request.
            log.warn("The provider's access token for the console is not one SecretLedger accepts: {}",
                    e.getClass().getSimpleName());
            return error(HttpStatus.BAD_GATEWAY, "PROVIDER_REFUSED", null, "The provider's token is not one "
                    + "SecretLedger accepts: its audience must be one of spring.security.oauth2.resourceserver.jwt"
                    + ".audiences (for the console's client, add an audience mapper at the provider).");
        } catch (JwtException e) {
            throw unreachable("the JWK set: " + e.getClass().getSimpleName());
        }
        Map<String, Object> signedIn = new LinkedHashMap<>();
        signedIn.put("accessToken", accessToken);
        signedIn.put("expiresIn", expiresAt == null ? null
                : Math.max(0, Duration.between(Instant.now(), expiresAt).toSeconds()));
        return answer(HttpStatus.OK, signedIn);
    }

    /** The provider's endpoints from its discovery document, fetched when first needed and kept an hour. */
    private Discovered discovery() {
        Discovered known = discovered;
        if (known != null && known.at().plus(DISCOVERY_KEPT).isAfter(Instant.now())) {
            return known;
        }
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(base + "/.well-known/openid-configuration"))
                    .timeout(TIMEOUT).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | IllegalArgumentException e) {
            throw unreachable("its discovery document: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable("its discovery document: interrupted");
        }
        JsonNode document = response.statusCode() == 200 ? parse(response.body()) : null;
        String named = document == null ? null : text(document, "issuer");
        URI authorization = document == null ? null : endpoint(text(document, "authorization_endpoint"));
        URI token = document == null ? null : endpoint(text(document, "token_endpoint"));
        if (named == null || !stripSlash(named).equals(base) || authorization == null || token == null) {
            throw unreachable("its discovery document (HTTP " + response.statusCode()
                    + ") names another issuer or no authorization and token endpoints");
        }
        Discovered found = new Discovered(authorization, token, Instant.now());
        discovered = found;
        return found;
    }

    /** Where the provider sends the person back: the configured address, or this request's own origin. */
    private String callback(HttpServletRequest request) {
        if (!redirectUri.isEmpty()) {
            return redirectUri;
        }
        return ServletUriComponentsBuilder.fromContextPath(request).replacePath(CALLBACK).replaceQuery(null)
                .build().toUriString();
    }

    private static String originOf(String uri) {
        URI parsed = URI.create(uri);
        return parsed.getScheme() + "://" + parsed.getRawAuthority();
    }

    private static URI endpoint(String value) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = URI.create(value);
            return List.of("https", "http").contains(uri.getScheme()) && uri.getHost() != null ? uri : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = body == null ? null : json.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static String stripSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    private static String hostOf(String issuer) {
        try {
            String host = URI.create(issuer).getHost();
            return host == null ? "your provider" : host;
        } catch (IllegalArgumentException e) {
            return "your provider";
        }
    }

    private static ProviderProblem unreachable(String what) {
        log.warn("The sign-in provider could not be used for the console: {}", what);
        return new ProviderProblem();
    }

    private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, Map<String, Object> body) {
        return ResponseEntity.status(status).cacheControl(CacheControl.noStore())
                .contentType(MediaType.APPLICATION_JSON).body(body);
    }

    static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code, String field, String message) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", code);
        if (field != null) {
            extensions.put("field", field);
        }
        return answer(status, Map.of("errors", List.of(Map.of("message", message, "extensions", extensions))));
    }

    private record Discovered(URI authorization, URI token, Instant at) {
    }

    /** The provider cannot be reached or answers nothing usable: UNAVAILABLE, try again. */
    private static final class ProviderProblem extends RuntimeException {

        ProviderProblem() {
            super(null, null, false, false);
        }

        ResponseEntity<Map<String, Object>> answer() {
            return error(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", null,
                    "The sign-in provider cannot be reached now: try again in a moment.");
        }
    }
}
