package io.secretledger.infra.battery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import io.secretledger.infra.SecretLedgerApplication;
import io.secretledger.infra.support.Canaries;
import io.secretledger.infra.support.CommandLine;
import io.secretledger.infra.support.GraphQlClients;
import io.secretledger.infra.support.InvitationMails;
import io.secretledger.infra.support.Storage;
import io.secretledger.testprovider.OpenIdProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Battery (issue 19, item 6): one person, signed in at the team's OpenID provider, belongs to two workspaces. Working
 * in the second (its header, its WebSocket's connection_init, the command line's {@code --workspace}), they try every
 * operation with every id of the first, over GraphQL, the file and export endpoints, WebSocket and the command line:
 * nothing of the first comes back and no event is appended, while the same token in the first sees it all.
 */
class OnePersonInTwoWorkspacesTest {

    @TempDir
    Path dataDir;

    @TempDir
    Path home;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void canKeepEveryIdOfOneWorkspaceFromTheSamePersonWorkingInTheOther() throws Exception {
        String canary = Canaries.plant("one-person-two-workspaces");
        try (OpenIdProvider provider = OpenIdProvider.start(Map.of("ops", "ops@msp.test", "pat", "pat@msp.test"));
             ConfigurableApplicationContext app = new SpringApplicationBuilder(SecretLedgerApplication.class).run(
                     "--server.port=0", "--secretledger.data-dir=" + dataDir, "--secretledger.auth.mode=oidc",
                     "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + provider.issuer(),
                "--spring.security.oauth2.resourceserver.jwt.audiences=" + OpenIdProvider.AUDIENCES,
                     "--secretledger.auth.operators=" + provider.issuer() + "|ops")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            GreenMail mail = app.getBean(GreenMail.class);
            HttpGraphQlTester operator = GraphQlClients.http(port, provider.signIn("ops", OpenIdProvider.CLIENT));
            String acme = createWorkspace(operator, "Acme");
            String globex = createWorkspace(operator, "Globex");
            String pat = provider.signIn("pat", OpenIdProvider.CLIENT);
            String memberInAcme = accept(port, pat, InvitationMails.tokenFor(mail, acme));
            String memberInGlobex = accept(port, pat, InvitationMails.tokenFor(mail, globex));

            CommandLine cli = new CommandLine(port, home.resolve("pat.json"));
            AtomicBoolean approved = new AtomicBoolean();
            CommandLine.Result login = cli.run(shown -> {
                Matcher code = Pattern.compile("enter the code (\\S+)").matcher(shown);
                if (code.find() && approved.compareAndSet(false, true)) {
                    provider.approveDevice("pat", code.group(1));
                }
                return null;
            // Spring Authorization Server refuses 'openid' in a device sign-in; the access token needs only 'email'.
            }, "login", "--device", "--issuer", provider.issuer(), "--client-id", OpenIdProvider.CLIENT,
                    "--scope", "email");
            assertThat(login.exit()).as(login.err()).isZero();
            assertThat(login.out()).contains("pat@msp.test").contains("2 workspaces");

            HttpGraphQlTester inAcme = GraphQlClients.http(port, pat).mutate()
                    .header("X-SecretLedger-Workspace", acme).build();
            CrossWorkspaceProbes.Planted planted = CrossWorkspaceProbes.plant(inAcme, canary);
            String secretName = planted.secretName();
            String secretId = planted.secretId();
            inAcme.documentName("secret").variable("id", secretId).execute()
                    .path("secret.name").entity(String.class).isEqualTo(secretName);
            assertThat(cli.ok("--workspace", "Acme", "secrets", "ls")).contains(secretName);

            List<String> ours = planted.ours(acme);
            DataSource eventStore = app.getBean(DataSource.class);
            long events = Storage.countEvents(eventStore);

            CrossWorkspaceProbes.assertNothingOf(new CrossWorkspaceProbes.Caller(port, pat, globex, json),
                    planted.ids(memberInAcme, memberInGlobex), ours, json);

            String listed = cli.ok("--workspace", "Globex", "secrets", "ls");
            assertThat(cli.run((String) null, "--workspace", "Globex", "secrets", "show", secretName).exit())
                    .isEqualTo(4);
            CommandLine.Result reveal = cli.run((String) null, "--workspace", globex, "secrets", "reveal",
                    secretName + "/token");
            assertThat(reveal.exit()).isEqualTo(4);
            assertThat(reveal.err()).as("only the name the person typed comes back").contains("NOT_FOUND (name)");
            String exported = cli.ok("--workspace", "Globex", "--json", "audit", "export");
            JsonNode memberships = json.readTree(cli.ok("--json", "workspaces"));
            assertThat(memberships.findValuesAsText("workspaceName")).containsExactly("Acme", "Globex");
            for (String answer : List.of(listed, reveal.out(), exported,
                    cli.ok("--workspace", "Globex", "whoami"))) {
                ours.forEach(mine -> assertThat(answer).doesNotContain(mine));
            }
            assertThat(exported).contains("WorkspaceCreated").contains(globex);

            assertThat(Storage.countEvents(eventStore)).as("nothing appended from the other workspace")
                    .isEqualTo(events);
        }
        assertThat(Storage.filesContaining(dataDir, canary)).as("the value only encrypted").isEmpty();
    }

    private static String createWorkspace(HttpGraphQlTester operator, String name) {
        return operator.documentName("createWorkspace").variable("input", Map.of("name", name,
                "ownerEmail", "pat@msp.test")).execute().path("createWorkspace.workspace.id").entity(String.class).get();
    }

    private static String accept(int port, String token, String invitation) {
        return GraphQlClients.http(port, token).documentName("acceptInvitation").variable("token", invitation)
                .execute().path("acceptInvitation.memberId").entity(String.class).get();
    }
}
