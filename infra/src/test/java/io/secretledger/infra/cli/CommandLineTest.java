package io.secretledger.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import io.secretledger.infra.support.CommandLine;
import io.secretledger.infra.support.GraphQlClients;
import io.secretledger.infra.support.InvitationMails;
import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.SecretSteps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 19, item 5: the packaged {@code cli/secretledger}, run as separate processes against this application. An
 * operator makes a workspace with it; its owner accepts the mailed invitation with it, invites a colleague, lists,
 * shows and reveals (typing the e-mailed code at the prompt), exports and verifies the audit log; every failure
 * exits with its documented code.
 */
class CommandLineTest extends LiveApplicationTest {

    private static final Pattern CODE = Pattern.compile("code to reveal secrets is (\\d{6})");

    @TempDir
    Path home;

    @Autowired
    GreenMail mail;

    @Test
    void anOperatorAndAnOwnerDoTheirWorkFromTheCommandLineWithTablesJsonAndExitCodes() throws Exception {
        CommandLine operator = new CommandLine(port, home.resolve("operator.json"));
        String operatorToken = tokens.mintOperator(demo.workspaceId(), demo.ownerMemberId(), demo.ownerEmail(),
                Duration.ofMinutes(10));
        assertThat(operator.run("not-a-token\n", "login", "--token-stdin").exit()).isEqualTo(2);
        assertThat(operator.run(operatorToken + "\n", "login", "--token-stdin").out()).contains("operator");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(operator.config())))
                .isEqualTo("rw-------");

        String team = "CLI team " + UUID.randomUUID().toString().substring(0, 8);
        String owner = "cli-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        JsonNode created = json.readTree(operator.ok("--json", "workspaces", "create", team, "--owner", owner));
        String workspaceId = created.path("workspace").path("id").asText();
        assertThat(operator.ok("workspaces", "--all", "--search", team)).contains(team).contains("active");
        assertThat(operator.run((String) null, "workspaces", "create", "", "--owner", owner).exit()).isEqualTo(5);

        CommandLine person = new CommandLine(port, home.resolve("owner.json"));
        String invitation = InvitationMails.tokenFor(mail, workspaceId);
        CommandLine.Result accepted = person.run(invitation + "\n", "accept", "-");
        assertThat(accepted.out()).as(accepted.err()).contains("Joined workspace " + workspaceId).contains(owner);
        assertThat(person.run(invitation + "\n", "accept", "-").exit()).as("an invitation works once").isEqualTo(4);
        String ownerToken = json.readTree(person.settingsFile()).path("token").asText();
        assertThat(person.settingsFile()).doesNotContain(invitation);
        assertThat(person.ok("invite", "helper@example.com", "--role", "EDITOR", "--title", "Technician"))
                .contains("helper@example.com").contains("EXPIRES");
        assertThat(person.ok("workspaces")).contains(team).contains("ACCOUNT_OWNER");
        assertThat(person.run((String) null, "workspaces", "--all").exit()).as("operators only").isEqualTo(3);
        assertThat(person.run((String) null, "workspaces", "suspend", workspaceId, "--reason", "x").exit())
                .isEqualTo(3);

        HttpGraphQlTester api = GraphQlClients.http(port, ownerToken);
        String templateId = SecretSteps.createApiKeyTemplate(api);
        String canary = "cli-canary-" + UUID.randomUUID();
        SecretSteps.createSecret(api, templateId, "payment-api", canary);
        SecretSteps.createSecret(api, templateId, "mail-relay", "relay-" + UUID.randomUUID());
        String ticketId = api.documentName("registerTicket").variable("input", Map.of("reference", "HD-1042"))
                .execute().path("registerTicket.ticketId").entity(String.class).get();

        String table = person.ok("secrets", "ls");
        assertThat(table.lines().findFirst().orElseThrow()).startsWith("NAME").contains("EXPIRES");
        assertThat(table).contains("payment-api").contains("mail-relay").doesNotContain(canary);
        JsonNode listed = json.readTree(person.ok("--json", "secrets", "ls", "--search", "payment"));
        assertThat(listed.findValuesAsText("name")).containsExactly("payment-api");
        String shown = person.ok("secrets", "show", "payment-api");
        assertThat(shown).contains("token").contains("********").contains("acme").doesNotContain(canary);
        assertThat(person.run((String) null, "secrets", "show", "no-such-secret").exit()).isEqualTo(4);
        assertThat(person.run((String) null, "secrets", "reveal", "payment-api").exit()).isEqualTo(1);

        api.documentName("changeWorkspaceSettings").variable("input", Map.of("clientSecretsEnabled", true,
                "restrictToAssignedUsers", false, "requireEmailVerification", true)).execute();
        CommandLine.Result revealed = person.run(prompt -> prompt.endsWith("Code: ") ? codeFor(owner) : null,
                "secrets", "reveal", "payment-api/token", "--ticket", ticketId);
        assertThat(revealed.err()).contains("code before reveals").contains("Code: ");
        assertThat(revealed.exit()).as(revealed.err()).isZero();
        assertThat(revealed.out()).isEqualTo(canary + "\n");
        assertThat(person.run(prompt -> prompt.endsWith(": ") ? "000000" : null, "--json", "secrets", "reveal", "payment-api/token").out())
                .as("still unlocked: no second code").contains(canary);
        assertThat(revealed.err()).doesNotContain(canary);
        assertThat(person.settingsFile()).doesNotContain(canary);

        String exported = person.ok("--json", "audit", "export", "--action", "SecretRevealed");
        List<String> lines = exported.lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(json.readTree(lines.get(0)).path("ticketId").asText()).isEqualTo(ticketId);
        assertThat(exported).doesNotContain(canary);
        assertThat(person.ok("audit", "export", "--secret", "payment-api")).contains("SecretRevealed")
                .contains("SecretCreated");
        Path file = home.resolve("audit.ndjson");
        person.ok("audit", "export", "--out", file.toString());
        assertThat(Files.readAllLines(file)).anyMatch(line -> line.contains("\"action\":\"SecretRevealed\""));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(json.readTree(person.ok("--json", "verify-audit")).path("intact").asBoolean()).isTrue();
        CommandLine.Result badRange = person.run((String) null, "audit", "export", "--from", "yesterday");
        assertThat(badRange.exit()).as(badRange.err()).isEqualTo(5);
        assertThat(person.ok("verify-audit")).contains("INTACT").contains("true");
        assertThat(person.run((String) null, "verify-audit", "--all").exit()).as("operators only").isEqualTo(3);
        JsonNode chains = json.readTree(operator.ok("--json", "verify-audit", "--all"));
        assertThat(chains.findValuesAsText("workspaceName")).contains(team);
        assertThat(chains.findValues("intact")).allMatch(JsonNode::asBoolean);

        operator.ok("workspaces", "suspend", team, "--reason", "unpaid invoice");
        assertThat(person.run((String) null, "secrets", "ls").exit()).isEqualTo(3);
        operator.ok("workspaces", "resume", workspaceId);
        assertThat(person.ok("secrets", "ls")).contains("payment-api");

        person.ok("logout");
        assertThat(person.run((String) null, "secrets", "ls").exit()).isEqualTo(2);
        assertThat(new CommandLine(port, home.resolve("none.json")).run((String) null, "--url",
                "http://127.0.0.1:1", "whoami").exit()).isEqualTo(2);
        CommandLine unreachable = new CommandLine(port, home.resolve("unreachable.json"));
        unreachable.ok("login", "--token", ownerToken);
        assertThat(unreachable.run((String) null, "--url", "http://127.0.0.1:1", "whoami").exit()).isEqualTo(9);
        assertThat(person.run((String) null, "secrets", "frobnicate").exit()).isEqualTo(1);
        assertThat(person.run((String) null, "secrets", "ls", "--serach", "x").exit()).isEqualTo(1);
    }

    /**
     * Issue 20: an owner lists what a departing member revealed and must rotate, by e-mail while they are a member and
     * by id once removed, as a table, NDJSON or an owner-only file; an operator does so naming the workspace; each
     * report is in the workspace's audit log, and no value is printed.
     */
    @Test
    void anOwnerAndAnOperatorListWhatADepartingMemberRevealedAndMustRotate() throws Exception {
        CommandLine operator = new CommandLine(port, home.resolve("operator.json"));
        operator.ok("login", "--token", tokens.mintOperatorOnly("cli-operator-" + UUID.randomUUID(),
                "ops@example.com", Duration.ofMinutes(10)));
        String team = "CLI departures " + UUID.randomUUID().toString().substring(0, 8);
        String ownerEmail = "cli-owner-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String workspaceId = json.readTree(operator.ok("--json", "workspaces", "create", team, "--owner", ownerEmail))
                .path("workspace").path("id").asText();
        CommandLine person = new CommandLine(port, home.resolve("owner.json"));
        person.run(InvitationMails.tokenFor(mail, workspaceId) + "\n", "accept", "-");
        HttpGraphQlTester api = GraphQlClients.http(port, json.readTree(person.settingsFile()).path("token").asText());
        String secretName = "departing-" + UUID.randomUUID().toString().substring(0, 8);
        String canary = "cli-departure-" + UUID.randomUUID();
        String secretId = SecretSteps.createSecret(api, SecretSteps.createApiKeyTemplate(api), secretName, canary);
        String leaver = "leaver-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String leaverId = api.documentName("addMember").variable("input", Map.of("email", leaver, "role", "EDITOR"))
                .execute().path("addMember.member.id").entity(String.class).get();
        GraphQlClients.http(port, tokens.mint(workspaceId, leaverId, leaver, Duration.ofMinutes(5)))
                .documentName("revealSecretField").variable("input", Map.of("secretId", secretId, "fieldKey", "token"))
                .execute().path("revealSecretField.value").entity(String.class).isEqualTo(canary);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(person.ok("--json", "departure-report", leaver).lines()).hasSize(1));
        String table = person.ok("departure-report", leaver);
        assertThat(table.lines().findFirst().orElseThrow()).startsWith("SECRET").contains("LAST EXPOSED");
        assertThat(table).contains(secretName).contains("token").contains("REVEAL").doesNotContain(canary);

        api.documentName("removeMember").variable("memberId", leaverId).execute()
                .path("removeMember.memberId").entity(String.class).isEqualTo(leaverId);
        assertThat(person.run((String) null, "departure-report", leaver).exit()).as("removed: by id only")
                .isEqualTo(4);
        List<String> lines = person.ok("--json", "departure-report", leaverId, "--from", "2020-01-01T00:00:00Z")
                .lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode exposure = json.readTree(lines.get(0));
        assertThat(exposure.path("secretName").asText()).isEqualTo(secretName);
        assertThat(exposure.path("stillCurrent").asBoolean()).isTrue();
        assertThat(lines.get(0)).doesNotContain(canary);
        Path file = home.resolve("departure.ndjson");
        person.ok("departure-report", leaverId, "--out", file.toString());
        assertThat(Files.readAllLines(file)).hasSize(1).allMatch(line -> line.contains(secretId));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(person.run((String) null, "departure-report", UUID.randomUUID().toString()).exit()).isEqualTo(4);
        assertThat(person.run((String) null, "departure-report", leaverId, "--from", "yesterday").exit())
                .isEqualTo(5);
        assertThat(person.run((String) null, "departure-report").exit()).isEqualTo(1);

        assertThat(operator.ok("--workspace", workspaceId, "departure-report", leaverId)).contains(secretName)
                .doesNotContain(canary);
        assertThat(operator.ok("--workspace", team, "--json", "departure-report", leaverId).lines()).hasSize(1);
        assertThat(operator.run((String) null, "departure-report", leaverId).exit()).as("no workspace named")
                .isEqualTo(3);
        assertThat(operator.run((String) null, "--workspace", workspaceId, "departure-report", leaver).exit())
                .as("an operator is no member: ids only").isEqualTo(3);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String reads = person.ok("--json", "audit", "export", "--action", "DepartureReportRead");
            assertThat(reads).contains("\"OPERATOR\"").contains("recorded: NDJSON_EXPORT")
                    .contains("recorded: GRAPHQL").contains(leaverId);
            assertThat(reads.lines().filter(line -> line.contains("\"OPERATOR\"")).count()).isEqualTo(2);
        });
        assertThat(person.ok("audit", "export", "--action", "DepartureReportRead")).contains("DepartureReportRead")
                .contains("member:" + leaverId);
    }

    private String codeFor(String address) {
        try {
            String code = null;
            for (var message : mail.getReceivedMessages()) {
                if (message.getAllRecipients()[0].toString().equalsIgnoreCase(address)) {
                    Matcher matcher = CODE.matcher(String.valueOf(message.getContent()));
                    if (matcher.find()) {
                        code = matcher.group(1);
                    }
                }
            }
            assertThat(code).as("a code mailed to " + address).isNotNull();
            return code;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
