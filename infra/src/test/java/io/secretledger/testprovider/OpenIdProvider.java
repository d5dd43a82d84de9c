package io.secretledger.testprovider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real OpenID provider for the sign-in tests: Spring Authorization Server on loopback, with its discovery document,
 * JWK set, login form, authorization endpoint and token endpoint. People sign in as a browser would (authorization code
 * with PKCE, through the login form) and the test gets the access token the provider issues, never a hand-made one.
 * Its signing key rotates on request: the new key signs, and both stay published.
 */
public final class OpenIdProvider implements AutoCloseable {

    /** A public client, as a command-line or single-page client is. */
    public static final String CLIENT = "secretledger-cli";
    /** A client whose access tokens live one second. */
    public static final String SHORT_LIVED_CLIENT = "short-lived";
    /** The provider names the client in its access tokens' {@code aud}: SecretLedger accepts these two. */
    public static final String AUDIENCES = CLIENT + "," + SHORT_LIVED_CLIENT;
    /**
     * The web console's public client: the authorization code with PKCE only, back to the console's callback on
     * loopback (any port, as the provider allows for loopback addresses). Its tokens name it in {@code aud}.
     */
    public static final String CONSOLE_CLIENT = "secretledger-console";
    private static final String REDIRECT = "http://127.0.0.1/callback";
    private static final String CONSOLE_REDIRECT = "http://127.0.0.1/signin/callback";

    private final ConfigurableApplicationContext context;
    private final Keys keys;
    private final String issuer;

    private OpenIdProvider(ConfigurableApplicationContext context) {
        this.context = context;
        this.keys = context.getBean(Keys.class);
        this.issuer = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /**
     * Starts a provider whose people are {@code username -> email} (every password is {@code "pw-" + username}, every
     * address verified).
     */
    public static OpenIdProvider start(Map<String, String> people) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Server.class)
                .web(WebApplicationType.SERVLET)
                .initializers(app -> app.getBeanFactory().registerSingleton("people", new People(people)))
                .properties("server.port=0", "spring.config.name=openid-provider", "spring.main.banner-mode=off",
                        "server.address=127.0.0.1")
                .run();
        return new OpenIdProvider(context);
    }

    public String issuer() {
        return issuer;
    }

    /** A new signing key signs from now on; the old one stays in the JWK set. */
    public String rotateKey() {
        return keys.rotate();
    }

    /** The id of the key that signs now. */
    public String currentKeyId() {
        return keys.current().getKeyID();
    }

    /** Signs in through the login form with the authorization code flow and PKCE; the provider's access token. */
    public String signIn(String username, String clientId) {
        try {
            return new Browser().signIn(username, "pw-" + username, clientId);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * What the person does on another device during a device sign-in: opens the verification page, signs in through
     * the login form, and consents to what the command line asked for.
     */
    public void approveDevice(String username, String userCode) {
        try {
            new Browser().approveDevice(username, "pw-" + username, userCode);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }

    record People(Map<String, String> emails) {
    }

    /** The provider's signing keys: the newest signs, all are published. */
    static final class Keys implements JWKSource<SecurityContext> {

        private final List<RSAKey> published = new CopyOnWriteArrayList<>();

        Keys() {
            rotate();
        }

        String rotate() {
            try {
                RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
                published.add(0, key);
                return key.getKeyID();
            } catch (com.nimbusds.jose.JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        RSAKey current() {
            return published.get(0);
        }

        /** The JWK set endpoint publishes every key. */
        @Override
        public List<com.nimbusds.jose.jwk.JWK> get(com.nimbusds.jose.jwk.JWKSelector selector, SecurityContext context) {
            return selector.select(new JWKSet(List.copyOf(published)));
        }

        /** Only the newest signs. */
        JWKSource<SecurityContext> signing() {
            return (selector, context) -> selector.select(new JWKSet(current()));
        }
    }

    /** No {@code @Configuration}: the application's component scan must never find it (Boot enables web security). */
    @ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
            WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class,
            SecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class})
    static class Server {

        @Bean
        @Order(1)
        SecurityFilterChain authorizationServer(HttpSecurity http, RegisteredClientRepository clients)
                throws Exception {
            OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
            http.securityMatcher(server.getEndpointsMatcher())
                    .with(server, configurer -> configurer.oidc(Customizer.withDefaults())
                            .clientAuthentication(authentication -> authentication
                                    .authenticationConverter(new PublicDeviceClients(clients))
                                    .authenticationProvider(new PublicDeviceClients(clients))))
                    .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .exceptionHandling(handling -> handling.defaultAuthenticationEntryPointFor(
                            new LoginUrlAuthenticationEntryPoint("/login"),
                            new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                    .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()));
            return http.build();
        }

        @Bean
        @Order(2)
        SecurityFilterChain login(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults())
                    .build();
        }

        @Bean
        UserDetailsService users(People people) {
            return new InMemoryUserDetailsManager(people.emails().keySet().stream()
                    .map(name -> User.withUsername(name).password("{noop}pw-" + name).roles("USER").build())
                    .toList());
        }

        @Bean
        RegisteredClientRepository clients() {
            return new InMemoryRegisteredClientRepository(client(CLIENT, Duration.ofMinutes(5)).build(),
                    client(SHORT_LIVED_CLIENT, Duration.ofSeconds(1)).build(),
                    client(CONSOLE_CLIENT, Duration.ofMinutes(5))
                            .authorizationGrantTypes(grants -> grants.remove(AuthorizationGrantType.DEVICE_CODE))
                            .redirectUris(uris -> uris.remove(REDIRECT)).redirectUri(CONSOLE_REDIRECT).build());
        }

        private static RegisteredClient.Builder client(String id, Duration lifetime) {
            return RegisteredClient.withId(UUID.randomUUID().toString())
                    .clientId(id)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
                    .redirectUri(REDIRECT)
                    .scope("openid").scope("email")
                    .clientSettings(ClientSettings.builder().requireProofKey(true)
                            .requireAuthorizationConsent(false).build())
                    .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(lifetime).build());
        }

        /** The person's address, verified, in the access token: what SecretLedger matches invitations with. */
        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> emailClaims(People people) {
            return context -> {
                if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())
                        && context.getPrincipal() != null) {
                    String email = people.emails().get(context.getPrincipal().getName());
                    if (email != null) {
                        context.getClaims().claim("email", email).claim("email_verified", true);
                    }
                }
            };
        }

        @Bean
        Keys jwkSource() {
            return new Keys();
        }

        @Bean
        JwtEncoder jwtEncoder(Keys keys) {
            return new NimbusJwtEncoder(keys.signing());
        }

        @Bean
        JwtDecoder jwtDecoder(Keys keys) {
            return OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
        }

        @Bean
        AuthorizationServerSettings authorizationServerSettings() {
            return AuthorizationServerSettings.builder().build();
        }
    }

    /**
     * A public client (no secret, as a command line is) may start a device sign-in and poll for its token with its
     * client id alone, as Keycloak, Entra ID and Okta allow; Spring Authorization Server leaves that to its users.
     */
    static final class PublicDeviceClients implements org.springframework.security.web.authentication
            .AuthenticationConverter, org.springframework.security.authentication.AuthenticationProvider {

        private final RegisteredClientRepository clients;

        PublicDeviceClients(RegisteredClientRepository clients) {
            this.clients = clients;
        }

        @Override
        public org.springframework.security.core.Authentication convert(jakarta.servlet.http.HttpServletRequest request) {
            boolean device = request.getRequestURI().endsWith("/oauth2/device_authorization")
                    || AuthorizationGrantType.DEVICE_CODE.getValue().equals(request.getParameter("grant_type"));
            String clientId = request.getParameter("client_id");
            if (!device || clientId == null || request.getParameter("client_secret") != null
                    || request.getHeader("Authorization") != null) {
                return null;
            }
            return new org.springframework.security.oauth2.server.authorization.authentication
                    .OAuth2ClientAuthenticationToken(clientId, ClientAuthenticationMethod.NONE, null, null);
        }

        @Override
        public org.springframework.security.core.Authentication authenticate(
                org.springframework.security.core.Authentication authentication) {
            var token = (org.springframework.security.oauth2.server.authorization.authentication
                    .OAuth2ClientAuthenticationToken) authentication;
            if (!ClientAuthenticationMethod.NONE.equals(token.getClientAuthenticationMethod())) {
                return null;
            }
            RegisteredClient client = clients.findByClientId(String.valueOf(token.getPrincipal()));
            if (client == null || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)
                    || !client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.DEVICE_CODE)) {
                throw new org.springframework.security.oauth2.core.OAuth2AuthenticationException("invalid_client");
            }
            return new org.springframework.security.oauth2.server.authorization.authentication
                    .OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return org.springframework.security.oauth2.server.authorization.authentication
                    .OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
        }
    }

    /** What a browser does: follows the provider's redirects with its session cookie, fills in the login form. */
    private final class Browser {

        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        private final ObjectMapper json = new ObjectMapper();

        void approveDevice(String username, String password, String userCode) throws IOException,
                InterruptedException {
            String verify = issuer + "/oauth2/device_verification?" + form(Map.of("user_code", userCode));
            String next = logIn(get(verify), username, password);
            String consent = get(next).body();
            Matcher state = Pattern.compile("name=\"state\" value=\"([^\"]+)\"").matcher(consent);
            if (!state.find()) {
                throw new IllegalStateException("The provider asked for no consent to the device");
            }
            // The person ticks every scope the command line asked for and consents.
            Map<String, String> granted = new java.util.LinkedHashMap<>();
            granted.put("client_id", CLIENT);
            granted.put("state", state.group(1));
            granted.put("user_code", userCode);
            Matcher scope = Pattern.compile("name=\"scope\" value=\"([^\"]+)\"").matcher(consent);
            if (scope.find()) {
                granted.put("scope", scope.group(1));
            }
            String done = location(post(issuer + "/oauth2/device_verification", granted));
            if (!done.contains("success")) {
                throw new IllegalStateException("The provider did not approve the device: " + done);
            }
        }

        /** Follows a redirect to the login form, fills it in; where the provider sends the person next. */
        private String logIn(HttpResponse<String> toLogin, String username, String password)
                throws IOException, InterruptedException {
            String loginPage = get(location(toLogin)).body();
            Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(loginPage);
            if (!csrf.find()) {
                throw new IllegalStateException("The provider's login page has no CSRF token");
            }
            HttpResponse<String> loggedIn = post(issuer + "/login", Map.of("username", username,
                    "password", password, "_csrf", csrf.group(1)));
            String next = location(loggedIn);
            if (next.contains("error")) {
                throw new IllegalStateException("The provider refused the sign-in of " + username);
            }
            return next;
        }

        String signIn(String username, String password, String clientId) throws IOException, InterruptedException {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            String challenge;
            try {
                challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            String authorize = issuer + "/oauth2/authorize?" + form(Map.of("response_type", "code",
                    "client_id", clientId, "scope", "openid email", "redirect_uri", REDIRECT, "state", "s1",
                    "code_challenge", challenge, "code_challenge_method", "S256"));
            String next = logIn(get(authorize), username, password);
            String callback = location(get(next));
            Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(callback);
            if (!code.find()) {
                throw new IllegalStateException("The provider answered no code: " + callback);
            }
            HttpResponse<String> token = post(issuer + "/oauth2/token", Map.of("grant_type", "authorization_code",
                    "code", java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8), "redirect_uri", REDIRECT,
                    "client_id", clientId, "code_verifier", verifier));
            JsonNode body = json.readTree(token.body());
            if (token.statusCode() != 200 || !body.hasNonNull("access_token")) {
                throw new IllegalStateException("The token endpoint answered " + token.statusCode());
            }
            return body.get("access_token").asText();
        }

        private HttpResponse<String> get(String uri) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create(uri)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        private HttpResponse<String> post(String uri, Map<String, String> fields)
                throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create(uri))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        private String location(HttpResponse<String> response) {
            String location = response.headers().firstValue("Location").orElseThrow(() ->
                    new IllegalStateException("Expected a redirect, got " + response.statusCode()));
            return location.startsWith("/") ? issuer + location : location;
        }

        private static String form(Map<String, String> fields) {
            return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        }
    }
}
