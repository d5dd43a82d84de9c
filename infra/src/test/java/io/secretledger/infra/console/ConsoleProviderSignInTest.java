package io.secretledger.infra.console;

import com.icegreen.greenmail.util.GreenMail;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.secretledger.infra.SecretLedgerApplication;
import io.secretledger.infra.support.GraphQlClients;
import io.secretledger.infra.support.InvitationMails;
import io.secretledger.infra.support.SecretSteps;
import io.secretledger.testprovider.OpenIdProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22, slice 6c: the console signs in through the team's OpenID provider (ADR 0030). A real provider (Spring
 * Authorization Server on loopback, its login form, PKCE) and SecretLedger in oidc mode with a console client; the
 * person clicks "Sign in with Team SSO", signs in at the provider, and lands in their workspace. Not a
 * LiveApplicationTest: that one runs the local issuer, and this mode refuses its tokens.
 *
 * <p>The console is opened at 127.0.0.1, not localhost: the provider (as the OAuth 2.1 draft asks) lets a loopback
 * redirect name any port only for loopback IP addresses, and refuses "localhost".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class ConsoleProviderSignInTest {

    private static final String PROVIDER_NAME = "Team SSO";

    @TempDir
    static Path dataDir;

    private OpenIdProvider provider;
    private ConfigurableApplicationContext app;
    private int port;
    private String console;
    private String workspaceId;
    private String secretName;
    private String secretId;

    @BeforeAll
    void start() throws Exception {
        provider = OpenIdProvider.start(Map.of("ops", "ops@msp.test", "pat", "pat@msp.test"));
        app = new SpringApplicationBuilder(SecretLedgerApplication.class).run(
                "--server.port=0", "--secretledger.data-dir=" + dataDir, "--secretledger.auth.mode=oidc",
                "--secretledger.bootstrap.demo-workspace=false",
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + provider.issuer(),
                "--spring.security.oauth2.resourceserver.jwt.audiences=" + OpenIdProvider.AUDIENCES + ","
                        + OpenIdProvider.CONSOLE_CLIENT,
                "--secretledger.console.oidc.client-id=" + OpenIdProvider.CONSOLE_CLIENT,
                "--secretledger.console.oidc.provider-name=" + PROVIDER_NAME,
                "--secretledger.auth.operators=" + provider.issuer() + "|ops", "--secretledger.auth.clock-skew=0s");
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
        console = "http://127.0.0.1:" + port;

        // An operator makes Pat's workspace; Pat accepts the invitation and keeps a secret there (all over the API).
        HttpGraphQlTester operator = GraphQlClients.http(port, provider.signIn("ops", OpenIdProvider.CLIENT));
        workspaceId = operator.documentName("createWorkspace").variable("input", Map.of("name", "Acme",
                "ownerEmail", "pat@msp.test")).execute().path("createWorkspace.workspace.id").entity(String.class).get();
        HttpGraphQlTester pat = GraphQlClients.http(port, provider.signIn("pat", OpenIdProvider.CLIENT));
        pat.documentName("acceptInvitation").variable("token", InvitationMails.tokenFor(app.getBean(GreenMail.class),
                workspaceId)).execute().path("acceptInvitation.workspaceId").entity(String.class).isEqualTo(workspaceId);
        secretName = "sso-" + UUID.randomUUID().toString().substring(0, 8) + "-payment-api-key";
        secretId = SecretSteps.createSecret(pat, SecretSteps.createApiKeyTemplate(pat), secretName,
                "sk_sso_" + UUID.randomUUID().toString().replace("-", ""));
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void aPersonSignsInAtTheProviderAndLandsInTheirWorkspaceWithNoCodeOrTokenLeftBehind(CapturedOutput output)
            throws Exception {
        String accessToken;
        try (Browser browser = Browser.open(port)) {
            browser.driver.get(console + "/");
            WebElement signIn = browser.waitFor(By.id("provider-signin"));
            assertThat(signIn.getText()).isEqualTo("Sign in with " + PROVIDER_NAME);
            assertThat(browser.driver.findElement(By.id("token")).isDisplayed()).isFalse();
            browser.screenshot("signin-provider");
            signIn.click();

            logInAtTheProvider(browser, "pat");
            browser.waitForText(By.cssSelector("header.top .who .email"), "pat@msp.test");
            browser.waitForText(By.cssSelector("header.top .who .workspace"), "Acme");
            browser.waitFor(By.linkText(secretName));
            assertThat(browser.driver.getCurrentUrl()).isEqualTo(console + "/");
            assertThat(String.valueOf(browser.script("return location.search + location.hash"))).isEmpty();
            assertThat(String.valueOf(browser.script("return Object.keys(localStorage).length"))).isEqualTo("0");
            assertThat(String.valueOf(browser.script("return sessionStorage.getItem('secretledger.console.signin')")))
                    .isEqualTo("null");
            accessToken = String.valueOf(browser.script(
                    "return sessionStorage.getItem('secretledger.console.token')"));
            assertThat(browser.storage()).doesNotContain("code_verifier").doesNotContain("verifier");

            // The token the console keeps is the provider's, issued to the console's client: the one the API checks.
            JWTClaimsSet claims = SignedJWT.parse(accessToken).getJWTClaimsSet();
            assertThat(claims.getIssuer()).isEqualTo(provider.issuer());
            assertThat(claims.getAudience()).containsExactly(OpenIdProvider.CONSOLE_CLIENT);
            assertThat(claims.getSubject()).isEqualTo("pat");
            assertThat(browser.driver.getCurrentUrl()).doesNotContain(accessToken);

            browser.driver.findElement(By.linkText(secretName)).click();
            browser.waitFor(By.cssSelector("[data-field=token] button.reveal"));
            assertThat(browser.driver.getCurrentUrl()).isEqualTo(console + "/secrets/" + secretId);

            // A sign-in that expires: the console asks for a new one, with the provider's button again.
            String shortLived = provider.signIn("pat", OpenIdProvider.SHORT_LIVED_CLIENT);
            Instant expiry = SignedJWT.parse(shortLived).getJWTClaimsSet().getExpirationTime().toInstant();
            browser.waitUntil(driver -> Instant.now().isAfter(expiry.plusMillis(1_100)));
            browser.script("sessionStorage.setItem('secretledger.console.token', arguments[0])", shortLived);
            browser.driver.findElement(By.cssSelector("header.top nav a[href='/secrets']")).click();
            browser.waitFor(By.id("provider-signin"));
            browser.waitForText(By.id("status"), "sign in again");
            assertThat(browser.storage()).doesNotContain(shortLived).doesNotContain(accessToken);
        }
        // What the API holds: the console's token is Pat's in Acme; nothing of the exchange was logged.
        GraphQlClients.http(port, accessToken).document("{ me { email memberships { workspaceName } } }").execute()
                .path("me.email").entity(String.class).isEqualTo("pat@msp.test")
                .path("me.memberships[*].workspaceName").entityList(String.class).containsExactly("Acme");
        assertThat(output.getAll()).doesNotContain(accessToken);
    }

    @Test
    void anAnswerWhoseStateIsNotTheOneThisTabSentIsRefusedWithoutExchangingItsCode() throws Exception {
        try (Browser browser = Browser.open(port)) {
            browser.driver.get(console + "/");
            browser.waitFor(By.id("provider-signin")).click();
            browser.waitFor(By.id("username"));

            // Someone else's sign-in, with a real code of theirs, arrives in this tab under another state.
            String verifier = base64url(UUID.randomUUID().toString() + UUID.randomUUID());
            String challenge = base64url(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            browser.driver.get(provider.issuer() + "/oauth2/authorize?response_type=code&client_id="
                    + OpenIdProvider.CONSOLE_CLIENT + "&scope=openid%20email&state=forged-state&redirect_uri="
                    + console + "/signin/callback&code_challenge=" + challenge + "&code_challenge_method=S256");
            logInAtTheProvider(browser, "pat");

            WebElement alert = browser.waitFor(By.id("signin-error"));
            assertThat(alert.getText()).contains("This sign-in was refused").contains("state does not match");
            assertThat(alert.getAttribute("role")).isEqualTo("alert");
            assertThat(browser.driver.getCurrentUrl()).isEqualTo(console + "/");
            assertThat(browser.driver.findElements(By.cssSelector("header.top .who"))).isEmpty();
            assertThat(browser.driver.findElement(By.id("top")).isDisplayed()).isFalse();
            assertThat(String.valueOf(browser.script("return JSON.stringify({...sessionStorage})"))).isEqualTo("{}");
            assertThat(String.valueOf(browser.script("return Object.keys(localStorage).length"))).isEqualTo("0");
            assertThat(browser.driver.findElement(By.id("provider-signin")).isEnabled()).isTrue();
        }
    }

    @Test
    void theSignInEndpointsNameTheProviderAndAnswerBadInputWithClearCodes() {
        WebTestClient client = WebTestClient.bindToServer().baseUrl(console).build();
        client.get().uri("/signin/config").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectBody()
                .jsonPath("$.provider.name").isEqualTo(PROVIDER_NAME)
                .jsonPath("$.provider.authorizationEndpoint").isEqualTo(provider.issuer() + "/oauth2/authorize")
                .jsonPath("$.provider.clientId").isEqualTo(OpenIdProvider.CONSOLE_CLIENT)
                .jsonPath("$.provider.scopes").isEqualTo("openid email")
                .jsonPath("$.provider.redirectUri").isEqualTo(console + "/signin/callback");
        client.get().uri("/signin/callback?code=x&state=y").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Content-Security-Policy", ConsoleSecurity.POLICY);

        String verifier = "v".repeat(43);
        String callback = console + "/signin/callback";
        refused(client, Map.of("code", "c", "codeVerifier", verifier, "redirectUri", "https://evil.test/signin/callback"),
                400, "VALIDATION", "redirectUri");
        refused(client, Map.of("code", "c", "codeVerifier", "short", "redirectUri", callback),
                400, "VALIDATION", "codeVerifier");
        refused(client, Map.of("codeVerifier", verifier, "redirectUri", callback), 400, "VALIDATION", "code");
        // A code the provider never issued: its refusal (invalid_grant) is the code's.
        refused(client, Map.of("code", "made-up", "codeVerifier", verifier, "redirectUri", callback),
                400, "VALIDATION", "code");
        client.post().uri("/signin/token").contentType(MediaType.APPLICATION_JSON).bodyValue("[1, 2")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].extensions.code").isEqualTo("VALIDATION");
        client.post().uri("/signin/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("code=c").exchange().expectStatus().isEqualTo(415)
                .expectBody().jsonPath("$.errors[0].extensions.code").isEqualTo("VALIDATION");
        client.post().uri("/signin/token").header("Origin", "https://evil.test").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("code", "c", "codeVerifier", verifier, "redirectUri", callback))
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.errors[0].extensions.code").isEqualTo("FORBIDDEN");
    }

    @Test
    void withoutOidcModeOrAConsoleClientThePageOffersTheTokenFormOnlyAndNothingIsExchanged() {
        for (String[] setting : new String[][] {{"local", OpenIdProvider.CONSOLE_CLIENT}, {"oidc", " "}}) {
            ConsoleProviderSignIn signIn = new ConsoleProviderSignIn(setting[0], provider.issuer(), setting[1],
                    "openid email", "", "", null, new com.fasterxml.jackson.databind.ObjectMapper());
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/signin/config");
            var config = signIn.config(request);
            assertThat(config.getStatusCode().value()).isEqualTo(200);
            assertThat(config.getBody()).containsEntry("provider", null);
            MockHttpServletRequest post = new MockHttpServletRequest("POST", "/signin/token");
            post.setContentType("application/json");
            var token = signIn.token(post, null, "{\"code\": \"c\"}");
            assertThat(token.getStatusCode().value()).isEqualTo(404);
            assertThat(String.valueOf(token.getBody())).contains("NOT_FOUND");
        }
    }

    private static void refused(WebTestClient client, Map<String, String> body, int status, String code, String field) {
        client.post().uri("/signin/token").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isEqualTo(status)
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectBody()
                .jsonPath("$.errors[0].extensions.code").isEqualTo(code)
                .jsonPath("$.errors[0].extensions.field").isEqualTo(field)
                .jsonPath("$.errors[0].message").isNotEmpty();
    }

    /** The provider's login form, as the person fills it in. */
    private void logInAtTheProvider(Browser browser, String username) {
        browser.waitFor(By.id("username")).sendKeys(username);
        browser.driver.findElement(By.id("password")).sendKeys("pw-" + username);
        browser.driver.findElement(By.cssSelector("button[type=submit]")).click();
        browser.waitUntil(ExpectedConditions.urlContains(console + "/"));
    }

    private static String base64url(String text) {
        return base64url(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
