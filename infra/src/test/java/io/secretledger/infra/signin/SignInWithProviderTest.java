package io.secretledger.infra.signin;

import com.icegreen.greenmail.util.GreenMail;
import com.nimbusds.jwt.SignedJWT;
import io.secretledger.infra.SecretLedgerApplication;
import io.secretledger.infra.support.GraphQlClients;
import io.secretledger.infra.support.InvitationMails;
import io.secretledger.testprovider.OpenIdProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19, item 4: sign-in through a real OpenID provider (Spring Authorization Server on loopback: discovery, JWK
 * set, login form, authorization code with PKCE, token endpoint). SecretLedger is configured with nothing but the
 * provider's issuer and one operator's (issuer, subject); every token here is one the provider issued.
 */
class SignInWithProviderTest {

    @TempDir
    Path dataDir;

    private final List<AutoCloseable> running = new java.util.ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        java.util.Collections.reverse(running);
        for (AutoCloseable closeable : running) {
            closeable.close();
        }
    }

    @Test
    void aTeamSignsInWithItsProviderAcrossTwoWorkspacesAndKeyRotationsButNotWithExpiredOrForeignTokens()
            throws Exception {
        OpenIdProvider provider = started(OpenIdProvider.start(Map.of("ops", "ops@msp.test", "pat", "pat@msp.test",
                "sam", "sam@acme.test")));
        OpenIdProvider foreign = started(OpenIdProvider.start(Map.of("pat", "pat@msp.test")));
        ConfigurableApplicationContext app = started(new SpringApplicationBuilder(SecretLedgerApplication.class).run(
                "--server.port=0", "--secretledger.data-dir=" + dataDir, "--secretledger.auth.mode=oidc",
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + provider.issuer(),
                "--spring.security.oauth2.resourceserver.jwt.audiences=" + OpenIdProvider.AUDIENCES,
                "--secretledger.auth.operators=" + provider.issuer() + "|ops", "--secretledger.auth.clock-skew=0s"));
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        GreenMail mail = app.getBean(GreenMail.class);

        HttpGraphQlTester operator = GraphQlClients.http(port, provider.signIn("ops", OpenIdProvider.CLIENT));
        operator.documentName("me").execute().path("me.type").entity(String.class).isEqualTo("OPERATOR");
        String acme = createWorkspace(operator, "Acme", "pat@msp.test");
        String globex = createWorkspace(operator, "Globex", "pat@msp.test");

        String pat = provider.signIn("pat", OpenIdProvider.CLIENT);
        GraphQlClients.http(port, pat).documentName("memberships").execute()
                .path("me.subject").entity(String.class).isEqualTo("pat")
                .path("me.issuer").entity(String.class).isEqualTo(provider.issuer())
                .path("me.memberships").entityList(Object.class).hasSize(0);
        for (String workspaceId : List.of(acme, globex)) {
            GraphQlClients.http(port, pat).documentName("acceptInvitation")
                    .variable("token", InvitationMails.tokenFor(mail, workspaceId)).execute()
                    .path("acceptInvitation.workspaceId").entity(String.class).isEqualTo(workspaceId);
        }
        GraphQlClients.http(port, pat).documentName("memberships").execute()
                .path("me.memberships[*].workspaceName").entityList(String.class).containsExactly("Acme", "Globex");

        HttpGraphQlTester patInAcme = inWorkspace(port, pat, acme);
        patInAcme.documentName("inviteMember").variable("input", Map.of("email", "sam@acme.test", "role", "EDITOR"))
                .execute().path("inviteMember.invitation.email").entity(String.class).isEqualTo("sam@acme.test");
        String sam = provider.signIn("sam", OpenIdProvider.CLIENT);
        GraphQlClients.http(port, sam).documentName("acceptInvitation").variable("token", InvitationMails.tokenFor(mail, acme))
                .execute().path("acceptInvitation.workspaceId").entity(String.class).isEqualTo(acme);
        GraphQlClients.http(port, sam).documentName("workspace").execute()
                .path("workspace.name").entity(String.class).isEqualTo("Acme")
                .path("workspace.members[*].email").entityList(String.class)
                .containsExactly("pat@msp.test", "sam@acme.test");
        inWorkspace(port, sam, globex).documentName("workspace").execute().errors().satisfy(errors ->
                assertThat(errors.get(0).getExtensions()).containsEntry("code", "FORBIDDEN"));

        String newKey = provider.rotateKey();
        String afterRotation = provider.signIn("pat", OpenIdProvider.CLIENT);
        assertThat(SignedJWT.parse(afterRotation).getHeader().getKeyID()).isEqualTo(newKey);
        inWorkspace(port, afterRotation, globex).documentName("workspace").execute()
                .path("workspace.name").entity(String.class).isEqualTo("Globex");

        String shortLived = provider.signIn("pat", OpenIdProvider.SHORT_LIVED_CLIENT);
        Instant expiry = SignedJWT.parse(shortLived).getJWTClaimsSet().getExpirationTime().toInstant();
        Thread.sleep(Math.max(0, java.time.Duration.between(Instant.now(), expiry).toMillis()) + 1_100);
        GraphQlClients.expectRefused(port, shortLived);
        GraphQlClients.expectRefused(port, foreign.signIn("pat", OpenIdProvider.CLIENT));
    }

    private <T extends AutoCloseable> T started(T closeable) {
        running.add(closeable);
        return closeable;
    }

    private static String createWorkspace(HttpGraphQlTester operator, String name, String ownerEmail) {
        return operator.documentName("createWorkspace").variable("input", Map.of("name", name,
                "ownerEmail", ownerEmail)).execute().path("createWorkspace.workspace.id").entity(String.class).get();
    }

    private static HttpGraphQlTester inWorkspace(int port, String token, String workspaceId) {
        return GraphQlClients.http(port, token).mutate().header("X-SecretLedger-Workspace", workspaceId).build();
    }

}
