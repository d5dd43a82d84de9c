package io.secretledger.infra.console;

import io.secretledger.infra.support.LiveApplicationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An owner's work on one secret's page in a real browser (issue 22, slices 5 and 6b): an earlier version of a field
 * rolled back, a file uploaded and downloaded again byte for byte, the secret's relations and access rules read and
 * "Why can I see this?" answered by the API; then someone else changes the secret and the open page follows without
 * hiding the value the owner revealed, and the open list of secrets follows creations, changes and deletions, for
 * the owner and for a member who is none (through `secretsChanged`, one socket for the page).
 */
class ConsoleSecretPageTest extends LiveApplicationTest {

    // language=GraphQL
    private static final String TEMPLATE = """
            mutation($name: String!) {
              createTemplate(input: { name: $name, fields: [
                { key: "host", label: "Host", type: TEXT, required: true }
                { key: "password", label: "Password", type: TEXT, required: true, sensitive: true }
                { key: "runbook", label: "Runbook", type: FILE }
              ] }) { template { id } }
            }""";
    // language=GraphQL
    private static final String RELATE = """
            mutation($secretId: ID!, $tickets: [ID!]) {
              changeSecretRelations(input: { secretId: $secretId, relatedTicketIds: $tickets }) { secretId }
            }""";
    // language=GraphQL
    private static final String FIELDS = """
            query($id: ID!) { secret(id: $id) { version fields { key value version } } }""";
    // language=GraphQL
    private static final String VERSIONS = """
            query($id: ID!) { secretFieldVersions(secretId: $id, fieldKey: "host") { version change fromVersion value current } }""";

    // language=GraphQL
    private static final String LATEST = """
            query($id: ID!) { secret(id: $id) { history(first: 1) { edges { node { type changes { field value } } } } } }""";

    @Test
    void anOwnerRollsBackUploadsDownloadsExplainsAndWatchesTheSecretChange() throws IOException {
        HttpGraphQlTester owner = asOwner();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String password = "pw_page_" + UUID.randomUUID().toString().replace("-", "");
        String templateId = owner.document(TEMPLATE).variable("name", "Server " + suffix).execute()
                .path("createTemplate.template.id").entity(String.class).get();
        String name = "page-" + suffix + "-db";
        String secretId = createSecret(owner, templateId, name, "db-1.acme", password);
        update(owner, secretId, Map.of("values", List.of(Map.of("key", "host", "value", "db-2.acme"))));
        String ticketId = owner.documentName("registerTicket").variable("input", Map.of("reference", "HD-" + suffix))
                .execute().path("registerTicket.ticketId").entity(String.class).get();
        owner.document(RELATE).variable("secretId", secretId).variable("tickets", List.of(ticketId)).execute()
                .path("changeSecretRelations.secretId").entity(String.class).isEqualTo(secretId);
        owner.documentName("changeSecretAccess").variable("input", Map.of("secretId", secretId, "rules",
                List.of(Map.of("id", "support-" + suffix, "type", "MEMBER_TITLE_MATCHES", "pattern", "support*"))))
                .execute().path("changeSecretAccess.secretId").entity(String.class).isEqualTo(secretId);
        Path downloads = Files.createTempDirectory("console-downloads-");
        Path upload = Files.createTempFile("runbook-", ".pdf");
        byte[] content = ("%PDF-1.7\nRestart the primary first, " + suffix + "\n%%EOF").getBytes(StandardCharsets.US_ASCII);
        Files.write(upload, content);

        try (Browser browser = Browser.open(port)) {
          try {
            browser.driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
                    "downloadPath", downloads.toAbsolutePath().toString(), "eventsEnabled", false));
            browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", SOCKETS));
            browser.go("/");
            browser.signIn(ownerToken());
            browser.go("/secrets/" + secretId);
            browser.waitForText(By.id("live-state"), "Live:");
            assertThat(sockets(browser)).containsExactly(1L);

            // An earlier version, masked where the field is sensitive, and a rollback to it.
            browser.waitFor(By.cssSelector("[data-field=password] button.versions-toggle")).click();
            browser.waitFor(By.cssSelector("#versions-password tr[data-version='1']"));
            assertThat(browser.pageText()).doesNotContain(password);
            browser.driver.findElement(By.cssSelector("[data-field=host] button.versions-toggle")).click();
            browser.waitFor(By.cssSelector("#versions-host tr[data-version='1'] button.rollback")).click();
            browser.waitFor(By.cssSelector("dialog button[type=submit]")).click();
            browser.waitForText(By.cssSelector("[data-field=host] .value"), "db-1.acme");
            browser.waitForText(By.cssSelector("#versions-host tr[data-version='3']"), "rolled back");
            owner.document(FIELDS).variable("id", secretId).execute()
                    .path("secret.fields[?(@.key == 'host')].value").entityList(String.class).containsExactly("db-1.acme");
            owner.document(VERSIONS).variable("id", secretId).execute()
                    .path("secretFieldVersions[0].fromVersion").entity(Integer.class).isEqualTo(1)
                    .path("secretFieldVersions[0].current").entity(Boolean.class).isEqualTo(true);

            // A file up, and the same bytes down, fetched with the token in a header, never in an address.
            browser.driver.findElement(By.id("upload-runbook")).sendKeys(upload.toAbsolutePath().toString());
            browser.driver.findElement(By.cssSelector("[data-file=runbook] button.upload")).click();
            browser.waitUntil(ExpectedConditions.or(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("[data-file=runbook] .file-name"), upload.getFileName().toString()),
                    ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-file=runbook] .error"))));
            assertThat(browser.driver.findElements(By.cssSelector("[data-file=runbook] .error:not([hidden])")))
                    .as("the upload's error").isEmpty();
            owner.document(FIELDS).variable("id", secretId).execute()
                    .path("secret.fields[?(@.key == 'runbook')].value").entityList(String.class)
                    .containsExactly(upload.getFileName().toString());
            browser.script("document.getElementById('files-title').scrollIntoView()");
            browser.screenshot("secret-files");
            browser.waitFor(By.cssSelector("[data-file=runbook] button.download")).click();
            Path downloaded = downloads.resolve(upload.getFileName().toString());
            browser.waitUntil(driver -> Files.exists(downloaded) && downloadsDone(downloads));
            assertThat(Files.readAllBytes(downloaded)).isEqualTo(content);
            assertThat(String.valueOf(browser.script("return [...document.querySelectorAll('a')].map(a => a.href)"
                    + ".join(' ')"))).doesNotContain("blob:");

            // The relation and the rule, and the API's own answer to "Why can I see this?".
            browser.waitForText(By.id("related-tickets"), ticketId);
            browser.waitForText(By.id("access-rules"), "Member title matches: support*");
            browser.driver.findElement(By.cssSelector("button.why")).click();
            browser.waitForText(By.id("explanation"), "You may see and reveal this secret");
            assertThat(browser.driver.findElement(By.id("explanation")).getText()).contains("permission:ACCOUNT_OWNER");

            // A rule added on the page, beside the one there was, as the API then holds them.
            browser.driver.findElement(By.cssSelector("button.edit-access")).click();
            browser.waitFor(By.cssSelector("dialog button.add-rule")).click();
            new Select(browser.waitFor(By.id("rule-type-2"))).selectByValue("MEMBER_DIVISION_MATCHES");
            browser.driver.findElement(By.id("rule-pattern-2")).sendKeys("EMEA");
            browser.driver.findElement(By.cssSelector("dialog button[type=submit]")).click();
            browser.waitForText(By.id("access-rules"), "Member division matches: EMEA");
            assertThat(browser.driver.findElement(By.id("access-rules")).getText()).contains("support*");
            List<String> rules = owner.document(LATEST).variable("id", secretId).execute()
                    .path("secret.history.edges[0].node.type").entity(String.class).isEqualTo("ACCESS_CHANGED")
                    .path("secret.history.edges[0].node.changes[*].value").entityList(String.class).get();
            assertThat(rules).containsExactlyInAnyOrder("MEMBER_TITLE_MATCHES support*", "MEMBER_DIVISION_MATCHES EMEA");

            // Someone else changes the secret: the page follows, and the value revealed meanwhile stays shown.
            browser.driver.findElement(By.cssSelector("[data-field=password] button.reveal")).click();
            browser.waitForText(By.cssSelector("[data-field=password] .value"), password);
            browser.script("window.scrollTo(0, 0)");
            browser.screenshot("secret-page");
            update(owner, secretId, Map.of("description", "Moved to the new cluster",
                    "values", List.of(Map.of("key", "host", "value", "db-9.acme"))));
            browser.waitForText(By.cssSelector("[data-field=host] .value"), "db-9.acme");
            browser.waitForText(By.cssSelector("main p.description"), "Moved to the new cluster");
            assertThat(browser.driver.findElement(By.cssSelector("[data-field=password] .value")).getText())
                    .isEqualTo(password);
            assertThat(browser.driver.findElement(By.id("explanation")).isDisplayed()).isTrue();
            assertThat(browser.driver.findElements(By.cssSelector("#versions-host tr[data-version='4']"))).hasSize(1);

            // The list, open on this test's secrets, follows a creation, a change and a deletion made elsewhere.
            browser.driver.findElement(By.cssSelector("header.top nav a[href='/secrets']")).click();
            browser.waitFor(By.id("search")).sendKeys("page-" + suffix);
            browser.waitForText(By.cssSelector("main p.help"), "1 secret on this page");
            assertThat(browser.pageText()).doesNotContain(password);
            // The page that was left ended its subscription; the list has its own.
            browser.waitUntil(driver -> sockets(browser).size() == 2 && sockets(browser).get(0) == 3L
                    && sockets(browser).get(1) == 1L);
            String laterName = "page-" + suffix + "-cache";
            String laterId = createSecret(owner, templateId, laterName, "cache-1.acme", "pw_" + suffix);
            browser.waitFor(By.linkText(laterName));
            update(owner, laterId, Map.of("description", "Warm standby " + suffix));
            browser.waitForText(By.id("secrets"), "Warm standby " + suffix);
            owner.documentName("deleteSecret").variable("secretId", secretId).execute()
                    .path("deleteSecret.secret.id").entity(String.class).isEqualTo(secretId);
            browser.waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.linkText(name)));
            browser.waitForText(By.cssSelector("main p.help"), "1 secret on this page");
            assertThat(browser.storage()).doesNotContain(password);

            // A member who is no owner sees a row change and a new secret too.
            String email = "editor-" + suffix + "@demo.local";
            String memberId = owner.documentName("addMember").variable("input", Map.of("email", email,
                    "title", "Support engineer", "division", "EMEA", "role", "EDITOR")).execute()
                    .path("addMember.member.id").entity(String.class).get();
            browser.driver.findElement(By.xpath("//header//button[text()='Sign out']")).click();
            browser.signIn(tokens.mint(demo.workspaceId(), memberId, email, Duration.ofMinutes(10)));
            browser.waitFor(By.id("search")).sendKeys("page-" + suffix);
            browser.waitFor(By.linkText(laterName));
            browser.waitForText(By.cssSelector("main p.help"), "1 secret on this page");
            browser.waitUntil(driver -> sockets(browser).stream().filter(state -> state == 1L).count() == 1);
            update(owner, laterId, Map.of("description", "Cold standby " + suffix));
            browser.waitForText(By.id("secrets"), "Cold standby " + suffix);
            String newestName = "page-" + suffix + "-queue";
            createSecret(owner, templateId, newestName, "queue-1.acme", "pw_q_" + suffix);
            browser.waitFor(By.linkText(newestName));
            browser.waitForText(By.cssSelector("main p.help"), "2 secrets on this page");
          } catch (RuntimeException | AssertionError e) {
            System.out.println("PAGE AT FAILURE: " + browser.script("return document.querySelector('main').innerText"));
            browser.driver.manage().logs().get("browser").forEach(entry -> System.out.println("BROWSER: " + entry));
            throw e;
          }
        }
    }

    /** Records every WebSocket the page opens, so that the test sees which are still open (readyState 1). */
    private static final String SOCKETS = """
            (() => {
              const Native = window.WebSocket;
              const opened = [];
              window.__sockets = opened;
              window.WebSocket = class extends Native {
                constructor(...args) { super(...args); opened.push(this); }
              };
            })();""";

    @SuppressWarnings("unchecked")
    private static List<Long> sockets(Browser browser) {
        return (List<Long>) browser.script("return (window.__sockets || []).map(socket => socket.readyState)");
    }

    private static boolean downloadsDone(Path directory) {
        try (var files = Files.list(directory)) {
            return files.noneMatch(file -> file.getFileName().toString().endsWith(".crdownload"));
        } catch (IOException e) {
            return false;
        }
    }

    private static String createSecret(HttpGraphQlTester owner, String templateId, String name, String host,
                                       String password) {
        return owner.documentName("createSecret").variable("input", Map.of("templateId", templateId, "name", name,
                        "values", List.of(Map.of("key", "host", "value", host), Map.of("key", "password", "value", password))))
                .execute().path("createSecret.secret.id").entity(String.class).get();
    }

    private static void update(HttpGraphQlTester owner, String secretId, Map<String, Object> changes) {
        int version = owner.document(FIELDS).variable("id", secretId).execute().path("secret.version")
                .entity(Integer.class).get();
        Map<String, Object> input = new java.util.HashMap<>(changes);
        input.put("id", secretId);
        input.put("expectedVersion", version);
        owner.documentName("updateSecret").variable("input", input).execute().path("updateSecret.secret.id")
                .entity(String.class).isEqualTo(secretId);
    }
}
