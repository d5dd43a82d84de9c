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
import io.secretledger.infra.support.InvitationMails;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production sign-in: tokens from an external OIDC issuer, validated against its JWK set served over real
 * HTTP on loopback; the local issuer is off, so no demo workspace or development token exists.
 */
class OidcModeTest {

    private static final String ISSUER = "https://idp.example";

    @TempDir
    Path dataDir;

    /**
     * A provider's token names a person, never a workspace: a {@code ws} claim chooses nothing, and a token of another
     * issuer, another key, expired, or claiming to be SecretLedger's own local issuer is refused.
     */
    @Test
    void acceptsTokensSignedByTheIssuersKeyAndNoOthers() throws Exception {
        RSAKey issuerKey = new RSAKeyGenerator(2048).keyID("issuer-key").generate();
        RSAKey strangerKey = new RSAKeyGenerator(2048).keyID("issuer-key").generate();
        HttpServer jwks = jwks(issuerKey);
        try (ConfigurableApplicationContext app = start(jwks)) {
            assertThat(dataDir.resolve("demo-workspace.json")).doesNotExist();
            String workspaceId = UUID.randomUUID().toString();
            String ownerId = UUID.randomUUID().toString();
            app.getBean(CommandGateway.class).sendAndWait(new CreateWorkspace(workspaceId, "Acme", ownerId,
                    "owner@acme.test"));
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();

            var claimed = GraphQlClients.http(port, sign(issuerKey, new JWTClaimsSet.Builder().subject(ownerId)
                    .claim("ws", workspaceId).claim("email", "owner@acme.test")));
            claimed.documentName("memberships").execute()
                    .path("me.type").entity(String.class).isEqualTo("MEMBER")
                    .path("me.subject").entity(String.class).isEqualTo(ownerId)
                    .path("me.issuer").entity(String.class).isEqualTo(ISSUER)
                    .path("me.workspaceId").valueIsNull()
                    .path("me.memberId").valueIsNull()
                    .path("me.memberships").entityList(Object.class).hasSize(0);
            claimed.documentName("workspace").execute().errors().satisfy(errors ->
                    assertThat(errors.get(0).getExtensions()).containsEntry("code", "FORBIDDEN"));

            GraphQlClients.expectRefused(port, sign(strangerKey, new JWTClaimsSet.Builder().subject("person-1")));
            GraphQlClients.expectRefused(port, sign(issuerKey, new JWTClaimsSet.Builder().subject("person-1")
                    .audience("another-application")));
            GraphQlClients.expectRefused(port, sign(issuerKey, new JWTClaimsSet.Builder().subject("person-1"), "https://other.example",
                    Instant.now().plusSeconds(300)));
            GraphQlClients.expectRefused(port, sign(issuerKey, new JWTClaimsSet.Builder().subject("person-1"), ISSUER,
                    Instant.now().minusSeconds(120)));
            GraphQlClients.expectRefused(port, sign(issuerKey, new JWTClaimsSet.Builder().subject(ownerId).claim("ws", workspaceId)
                    .claim("sl_operator", true), "secretledger-local", Instant.now().plusSeconds(300)));
        } finally {
            jwks.stop(0);
        }
    }

    /**
     * Issue 19, item 3: one person, invited to two workspaces, accepts both with one identity; each request works in
     * the workspace its header (or, over WebSocket, its connection_init) names, and in no other.
     */
    @Test
    void aPersonInTwoWorkspacesChoosesOnePerRequest() throws Exception {
        RSAKey issuerKey = new RSAKeyGenerator(2048).keyID("issuer-key").generate();
        HttpServer jwks = jwks(issuerKey);
        try (ConfigurableApplicationContext app = start(jwks, "--secretledger.auth.operators=" + ISSUER + "|op-1")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            var operator = GraphQlClients.http(port, sign(issuerKey, new JWTClaimsSet.Builder().subject("op-1")));
            String acme = operator.documentName("createWorkspace").variable("input", Map.of("name", "Acme",
                    "ownerEmail", "pat@msp.test")).execute().path("createWorkspace.workspace.id").entity(String.class).get();
            String globex = operator.documentName("createWorkspace").variable("input", Map.of("name", "Globex",
                    "ownerEmail", "pat@msp.test")).execute().path("createWorkspace.workspace.id").entity(String.class).get();
            String pat = sign(issuerKey, new JWTClaimsSet.Builder().subject("pat").claim("email", "pat@msp.test")
                    .claim("email_verified", true));
            GraphQlClients.http(port, pat).documentName("acceptInvitation")
                    .variable("token", InvitationMails.tokenFor(app.getBean(GreenMail.class), acme)).execute()
                    .path("acceptInvitation.workspaceId").entity(String.class).isEqualTo(acme);
            GraphQlClients.webSocket(port, pat, Map.of()).documentName("acceptInvitation")
                    .variable("token", InvitationMails.tokenFor(app.getBean(GreenMail.class), globex)).execute()
                    .path("acceptInvitation.workspaceId").entity(String.class).isEqualTo(globex);

            GraphQlClients.http(port, pat).documentName("memberships").execute()
                    .path("me.workspaceId").valueIsNull()
                    .path("me.memberships[*].workspaceName").entityList(String.class).containsExactly("Acme", "Globex")
                    .path("me.memberships[0].permissions").entityList(String.class).contains("ACCOUNT_OWNER");
            GraphQlClients.http(port, pat).documentName("workspace").execute().errors().satisfy(errors -> {
                assertThat(errors.get(0).getExtensions()).containsEntry("code", "VALIDATION")
                        .containsEntry("field", "X-SecretLedger-Workspace");
            });
            for (String workspaceId : java.util.List.of(acme, globex)) {
                GraphQlClients.http(port, pat).mutate().header("X-SecretLedger-Workspace", workspaceId).build()
                        .documentName("workspace").execute()
                        .path("workspace.id").entity(String.class).isEqualTo(workspaceId);
            }
            GraphQlClients.http(port, pat).mutate().header("X-SecretLedger-Workspace", UUID.randomUUID().toString())
                    .build().documentName("workspace").execute().errors().satisfy(errors ->
                            assertThat(errors.get(0).getExtensions()).containsEntry("code", "FORBIDDEN"));
            GraphQlClients.webSocket(port, pat, Map.of("workspace", globex)).documentName("workspace").execute()
                    .path("workspace.name").entity(String.class).isEqualTo("Globex");
            GraphQlClients.webSocket(port, pat, Map.of()).documentName("workspace").execute().errors()
                    .satisfy(errors -> assertThat(errors.get(0).getExtensions()).containsEntry("code", "VALIDATION"));
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
        try (ConfigurableApplicationContext app = start(jwks, "--secretledger.auth.operators=" + ISSUER + "|op-1")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            var operator = GraphQlClients.http(port, sign(issuerKey, new JWTClaimsSet.Builder().subject("op-1")
                    .claim("email", "ops@msp.test")));
            operator.documentName("me").execute().path("me.type").entity(String.class).isEqualTo("OPERATOR");
            GraphQlClients.http(port, sign(issuerKey, new JWTClaimsSet.Builder().subject("op-2")
                            .claim("sl_operator", true)))
                    .documentName("workspaces").execute().errors().satisfy(errors ->
                            assertThat(errors.get(0).getExtensions()).containsEntry("code", "FORBIDDEN"));
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
            GraphQlClients.http(port, sign(issuerKey, new JWTClaimsSet.Builder().subject("person-7")))
                    .documentName("memberships").execute()
                    .path("me.workspaceId").entity(String.class).isEqualTo(created.path("createWorkspace.workspace.id")
                            .entity(String.class).get())
                    .path("me.memberId").entity(String.class).isEqualTo(ownerMemberId)
                    .path("me.email").entity(String.class).isEqualTo("owner@acme.test");
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

    private ConfigurableApplicationContext start(HttpServer jwks, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--server.port=0",
                "--secretledger.data-dir=" + dataDir, "--secretledger.auth.mode=oidc",
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + ISSUER,
                "--spring.security.oauth2.resourceserver.jwt.audiences=secretledger",
                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:"
                        + jwks.getAddress().getPort() + "/jwks"));
        args.addAll(java.util.List.of(more));
        return new SpringApplicationBuilder(SecretLedgerApplication.class).run(args.toArray(String[]::new));
    }

    private static String sign(RSAKey key, JWTClaimsSet.Builder claims) throws Exception {
        return sign(key, claims, ISSUER, Instant.now().plusSeconds(300));
    }

    private static String sign(RSAKey key, JWTClaimsSet.Builder claims, String issuer, Instant expiresAt)
            throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                claims.issuer(issuer).audience(claims.build().getAudience().isEmpty() ? List.of("secretledger")
                        : claims.build().getAudience()).issueTime(new Date()).expirationTime(Date.from(expiresAt))
                        .build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
