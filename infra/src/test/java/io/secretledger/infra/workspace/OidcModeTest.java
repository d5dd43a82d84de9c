package io.secretledger.infra.workspace;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
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
        HttpServer jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = new JWKSet(issuerKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
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

    private static String sign(RSAKey key, String workspaceId, String memberId) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer("https://idp.example").subject(memberId).claim("ws", workspaceId)
                        .claim("email", "owner@acme.test").issueTime(new Date())
                        .expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
