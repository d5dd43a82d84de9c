package io.secretledger.infra.workspace;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.icegreen.greenmail.util.GreenMail;
import com.sun.net.httpserver.HttpServer;
import io.secretledger.api.workspace.CreateWorkspace;
import io.secretledger.infra.SecretLedgerApplication;
import io.secretledger.infra.support.GraphQlClients;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production sign-in: tokens from an external OIDC issuer, validated against its JWK set served over real
 * HTTP on loopback; the local issuer is off, so no demo workspace or development token exists.
 */
class OidcModeTest {

    @TempDir
    Path dataDir;

    @Test
    void acceptsTokensSignedByTheIssuersKeyAndNoOthers() throws Exception {
        RSAKey issuerKey = new RSAKeyGenerator(2048).keyID("issuer-key").generate();
        RSAKey strangerKey = new RSAKeyGenerator(2048).keyID("issuer-key").generate();
        HttpServer jwks = jwks(issuerKey);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SecretLedgerApplication.class)
                .run("--server.port=0", "--secretledger.data-dir=" + dataDir, "--secretledger.auth.mode=oidc",
                        "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:"
                                + jwks.getAddress().getPort() + "/jwks")) {
            assertThat(dataDir.resolve("demo-workspace.json")).doesNotExist();
            String workspaceId = UUID.randomUUID().toString();
            String ownerId = UUID.randomUUID().toString();
            app.getBean(CommandGateway.class).sendAndWait(new CreateWorkspace(workspaceId, "Acme", ownerId,
                    "owner@acme.test"));
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();

            GraphQlClients.http(port, sign(issuerKey, workspaceId, ownerId)).documentName("me").execute()
                    .path("me.memberId").entity(String.class).isEqualTo(ownerId)
                    .path("me.workspaceId").entity(String.class).isEqualTo(workspaceId);
            WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build()
                    .post().uri("/graphql").header("Authorization", "Bearer " + sign(strangerKey, workspaceId, ownerId))
                    .header("Content-Type", "application/json").bodyValue(Map.of("query", "{ me { memberId } }"))
                    .exchange()
                    .expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.errors[0].extensions.code").isEqualTo("UNAUTHENTICATED");
        } finally {
            jwks.stop(0);
        }
    }

    /**
     * Issue 19: an operator named by (issuer, subject) creates a workspace; its first owner, signed in at the provider
     * with a token that names no workspace, accepts the mailed invitation only with the invited, verified address.
     */
    @Test
    void anOperatorNamedInConfigurationCreatesAWorkspaceWhoseOwnerAcceptsWithTheProvidersIdentity() throws Exception {
        RSAKey issuerKey = new RSAKeyGenerator(2048).keyID("issuer-key").generate();
        HttpServer jwks = jwks(issuerKey);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SecretLedgerApplication.class)
                .run("--server.port=0", "--secretledger.data-dir=" + dataDir, "--secretledger.auth.mode=oidc",
                        "--secretledger.auth.operators=https://idp.example|op-1",
                        "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:"
                                + jwks.getAddress().getPort() + "/jwks")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            var operator = GraphQlClients.http(port, sign(issuerKey, new JWTClaimsSet.Builder().subject("op-1")
                    .claim("email", "ops@msp.test")));
            operator.documentName("me").execute().path("me.type").entity(String.class).isEqualTo("OPERATOR");
            GraphQlClients.http(port, sign(issuerKey, new JWTClaimsSet.Builder().subject("op-2")
                            .claim("sl_operator", true)))
                    .documentName("workspaces").execute().errors().satisfy(errors ->
                            assertThat(errors.get(0).getExtensions()).containsEntry("code", "UNAUTHENTICATED"));
            var created = operator.documentName("createWorkspace").variable("input", Map.of("name", "Acme",
                    "ownerEmail", "owner@acme.test")).execute();
            String ownerMemberId = created.path("createWorkspace.ownerMemberId").entity(String.class).get();
            GreenMail mail = app.getBean(GreenMail.class);
            String text = String.valueOf(mail.getReceivedMessages()[mail.getReceivedMessages().length - 1].getContent());
            java.util.regex.Matcher token = java.util.regex.Pattern.compile("slinv\\.\\S+").matcher(text);
            assertThat(token.find()).isTrue();

            GraphQlClients.http(port, sign(issuerKey, new JWTClaimsSet.Builder().subject("person-7")
                            .claim("email", "owner@acme.test").claim("email_verified", false)))
                    .documentName("acceptInvitation").variable("token", token.group()).execute().errors()
                    .satisfy(errors -> assertThat(errors.get(0).getExtensions()).containsEntry("code", "FORBIDDEN"));
            GraphQlClients.http(port, sign(issuerKey, new JWTClaimsSet.Builder().subject("person-7")
                            .claim("email", "OWNER@acme.test").claim("email_verified", true)))
                    .documentName("acceptInvitation").variable("token", token.group()).execute()
                    .path("acceptInvitation.memberId").entity(String.class).isEqualTo(ownerMemberId)
                    .path("acceptInvitation.token").valueIsNull();
            GraphQlClients.http(port, null).documentName("acceptInvitation").variable("token", token.group())
                    .execute().errors().satisfy(errors ->
                            assertThat(errors.get(0).getExtensions()).containsEntry("code", "NOT_FOUND"));
        } finally {
            jwks.stop(0);
        }
    }

    /** The issuer's JWK set over real HTTP on loopback. */
    private static HttpServer jwks(RSAKey issuerKey) throws java.io.IOException {
        HttpServer jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = new JWKSet(issuerKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        return jwks;
    }

    private static String sign(RSAKey key, JWTClaimsSet.Builder claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                claims.issuer("https://idp.example").issueTime(new Date())
                        .expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String sign(RSAKey key, String workspaceId, String memberId) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer("https://idp.example").subject(memberId).claim("ws", workspaceId)
                        .claim("email", "owner@acme.test").issueTime(new Date())
                        .expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
