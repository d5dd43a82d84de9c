package io.secretledger.infra.console;

import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.SecretSteps;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auditor's flow in a real browser (issue 22, slice 4): an owner opens the audit log, filters it by a secret and
 * by reveals, sees exactly those entries, sees the next reveal arrive while the page is open, exports the filtered
 * log as the API streams it and sees the chain verified; then looks at the secret as it was before a change and at
 * who could have revealed it then. A member who is no owner gets the API's refusal in words on both pages.
 */
class ConsoleAuditorTest extends LiveApplicationTest {

    private static final By ROWS = By.cssSelector("#audit-log tbody tr[data-position]");

    @Test
    void anOwnerAuditsASecretsRevealsLiveExportsThemAndLooksAtThePast() throws IOException {
        HttpGraphQlTester owner = asOwner();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String name = "audit-" + suffix + "-payment-api-key";
        String value = "sk_audit_" + UUID.randomUUID().toString().replace("-", "");
        String templateId = SecretSteps.createApiKeyTemplate(owner);
        String secretId = SecretSteps.createSecret(owner, templateId, name, value);
        String otherId = SecretSteps.createSecret(owner, templateId, "audit-" + suffix + "-other", "sk_other_" + suffix);
        // A moment that is after the creation and before the change, to the second (what the time input takes).
        Instant created = Instant.now();
        await().atMost(Duration.ofSeconds(2)).until(() -> Instant.now().truncatedTo(ChronoUnit.SECONDS).isAfter(created));
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        int version = owner.documentName("secret").variable("id", secretId).execute().path("secret.version")
                .entity(Integer.class).get();
        owner.documentName("updateSecret").variable("input", Map.of("id", secretId, "expectedVersion", version,
                "values", List.of(Map.of("key", "tenant", "value", "globex")))).execute()
                .path("updateSecret.secret.fields[0].value").entity(String.class).isEqualTo("globex");
        reveal(owner, secretId);
        reveal(owner, secretId);
        reveal(owner, otherId);
        List<String> revealed = await().atMost(Duration.ofSeconds(10)).until(() -> positions(owner, secretId),
                found -> found.size() == 2);
        Path downloads = Files.createDirectories(Path.of("target", "downloads", "audit-" + suffix)).toAbsolutePath();

        try (Browser browser = Browser.open(port)) {
            browser.driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
                    "downloadPath", downloads.toString()));
            browser.go("/audit");
            browser.signIn(ownerToken());
            browser.waitFor(By.id("audit-log"));
            browser.waitFor(By.id("audit-secret")).sendKeys(name.substring(0, 14));
            browser.waitFor(By.cssSelector("#audit-secret-results button[data-secret='" + name + "']")).click();
            browser.waitForText(By.id("audit-secret-picked"), name);
            new Select(browser.driver.findElement(By.id("audit-action"))).selectByValue("SecretRevealed");
            browser.waitUntil(driver -> rowPositions(browser).equals(revealed));
            for (WebElement row : browser.driver.findElements(ROWS)) {
                assertThat(row.getAttribute("data-action")).isEqualTo("SecretRevealed");
                assertThat(row.getAttribute("data-target")).isEqualTo(secretId);
                assertThat(row.getText()).contains("Secret revealed").contains(name).contains("permission:");
            }
            assertThat(browser.pageText()).doesNotContain(value);
            browser.waitForText(By.id("chain-badge"), "Chain verified");
            assertThat(browser.driver.findElement(By.id("chain-detail")).getText()).contains("match the event store");

            // A time range: nothing of this secret was revealed before the change, and the chain of that range holds.
            setLocalTime(browser, browser.driver.findElement(By.id("audit-to")), before);
            browser.waitFor(By.cssSelector("#audit-log tbody tr.empty"));
            assertThat(browser.driver.findElements(ROWS)).isEmpty();
            browser.waitForText(By.id("chain-detail"), "of the chosen time range");
            assertThat(browser.driver.findElement(By.id("chain-badge")).getText()).isEqualTo("Chain verified");
            setLocalTime(browser, browser.driver.findElement(By.id("audit-to")), null);
            browser.waitUntil(driver -> rowPositions(browser).equals(revealed));
            browser.waitForText(By.id("chain-detail"), "of the whole log");

            browser.waitForText(By.id("audit-live"), "Live:");
            reveal(owner, otherId);
            reveal(owner, secretId);
            List<String> now = await().atMost(Duration.ofSeconds(10)).until(() -> positions(owner, secretId),
                    found -> found.size() == 3);
            browser.waitUntil(driver -> rowPositions(browser).equals(now));
            assertThat(browser.driver.findElement(By.cssSelector("#audit-log tbody tr.new")).getAttribute(
                    "data-position")).isEqualTo(now.get(2));

            browser.driver.findElement(By.id("audit-export")).click();
            browser.waitForText(By.id("status"), "Exported 3 entries");
            Path file = await().atMost(Duration.ofSeconds(10)).until(() -> downloaded(downloads), Optional::isPresent)
                    .orElseThrow();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            assertThat(lines).hasSize(3).allSatisfy(line -> assertThat(line).contains(secretId)
                    .contains("SecretRevealed").doesNotContain(value));
            assertThat(lines).containsExactlyElementsOf(export(ownerToken(), "secretId=" + secretId
                    + "&action=SecretRevealed"));
            assertThat(browser.driver.findElement(By.id("chain-badge")).getText()).isEqualTo("Chain verified");
            browser.driver.findElement(By.id("audit-verify")).click();
            browser.waitForText(By.id("chain-badge"), "Chain verified");
            browser.screenshot("audit-log");
            assertThat(browser.storage()).doesNotContain(value);
            assertThat(browser.driver.getCurrentUrl()).endsWith("/audit");

            // From the live entry to the secret as it was then: after the change, so the new tenant.
            browser.driver.findElement(By.cssSelector("#audit-log tbody tr.new a.as-of-link")).click();
            browser.waitForText(By.cssSelector("#as-of [data-field=tenant] .value"), "globex");
            assertThat(browser.driver.findElement(By.id("auditor-secret-picked")).getText()).contains(name);
            assertThat(browser.driver.getCurrentUrl()).contains("/auditor?secretId=" + secretId)
                    .doesNotContain(value);

            browser.driver.findElement(By.cssSelector("header.top nav a[href='/auditor']")).click();
            browser.waitFor(By.id("auditor-secret")).sendKeys(name.substring(0, 14));
            browser.waitFor(By.cssSelector("#auditor-secret-results button[data-secret='" + name + "']")).click();
            browser.waitForText(By.id("auditor-secret-picked"), name);
            setLocalTime(browser, browser.driver.findElement(By.id("auditor-at")), before);
            browser.driver.findElement(By.id("auditor-show")).click();
            browser.waitForText(By.cssSelector("#as-of [data-field=tenant] .value"), "acme");
            WebElement asOf = browser.driver.findElement(By.id("as-of"));
            assertThat(asOf.getText()).contains(name).doesNotContain("globex").contains("••••••••");
            assertThat(browser.pageText()).doesNotContain(value);
            List<String> members = owner.documentName("whoCouldReveal").variable("secretId", secretId)
                    .variable("at", before.toString()).execute().path("whoCouldReveal.members[*].memberId")
                    .entityList(String.class).get();
            assertThat(members).contains(demo.ownerMemberId());
            List<String> shown = browser.driver.findElements(By.cssSelector("#revealers tbody tr")).stream()
                    .map(row -> row.getAttribute("data-member")).toList();
            assertThat(shown).containsExactlyInAnyOrderElementsOf(members);
            assertThat(browser.driver.findElement(By.cssSelector("#revealers tr[data-member='" + demo.ownerMemberId()
                    + "']")).getText()).contains(demo.ownerEmail()).contains("permission:");
            browser.screenshot("point-in-time");
        }
        owner.documentName("secretAsOf").variable("id", secretId).variable("at", before.toString()).execute()
                .path("secretAsOf.fields[0].value").entity(String.class).isEqualTo("acme");
        owner.documentName("secret").variable("id", secretId).execute()
                .path("secret.fields[0].value").entity(String.class).isEqualTo("globex");
    }

    @Test
    void aMemberWhoIsNoOwnerIsToldTheAuditIsForOwners() {
        String email = "auditee-" + UUID.randomUUID().toString().substring(0, 8) + "@demo.local";
        String memberId = asOwner().documentName("addMember").variable("input", Map.of("email", email,
                "role", "EDITOR")).execute().path("addMember.member.id").entity(String.class).get();
        String token = tokens.mint(demo.workspaceId(), memberId, email, Duration.ofMinutes(10));
        try (Browser browser = Browser.open(port)) {
            browser.go("/audit");
            browser.signIn(token);
            browser.waitForText(By.id("forbidden"), "Only the account owners");
            assertThat(browser.driver.findElement(By.id("forbidden")).getAttribute("role")).isEqualTo("alert");
            assertThat(browser.driver.findElements(By.id("audit-log"))).isEmpty();
            assertThat(browser.driver.findElements(By.cssSelector("header.top nav a[href='/audit']"))).isEmpty();
            browser.go("/auditor");
            browser.waitForText(By.id("forbidden"), "Only the account owners");
            assertThat(browser.driver.findElements(By.id("auditor-form"))).isEmpty();
        }
        WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build().get().uri("/audit/export")
                .header("Authorization", "Bearer " + token).exchange().expectStatus().isEqualTo(HttpStatus.FORBIDDEN);
    }

    /**
     * Chromium's date and time segments follow the machine's locale, so the person's local time is set as the
     * browser's picker sets it: the value (the instant in the browser's time zone, or empty), then the events.
     */
    private static void setLocalTime(Browser browser, WebElement input, Instant instant) {
        browser.script("const p = n => String(n).padStart(2, '0');"
                + "const d = arguments[1] ? new Date(arguments[1]) : null;"
                + "arguments[0].value = d ? d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T'"
                + " + p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds()) : '';"
                + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                + "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                input, instant == null ? null : instant.toString());
    }

    private static void reveal(HttpGraphQlTester owner, String secretId) {
        owner.documentName("revealSecretField").variable("input", Map.of("secretId", secretId, "fieldKey", "token"))
                .execute().path("revealSecretField.grant").hasValue();
    }

    private static List<String> positions(HttpGraphQlTester owner, String secretId) {
        return owner.documentName("auditLog").variable("first", 50)
                .variable("filter", Map.of("secretId", secretId, "action", "SecretRevealed")).execute()
                .path("auditLog.edges[*].node.position").entityList(String.class).get();
    }

    /** The rows' positions read at once, in the page: the table is redrawn as filters apply. */
    @SuppressWarnings("unchecked")
    private static List<String> rowPositions(Browser browser) {
        return (List<String>) browser.script("return [...document.querySelectorAll("
                + "'#audit-log tbody tr[data-position]')].map(row => row.dataset.position)");
    }

    private List<String> export(String token, String query) {
        String body = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build().get()
                .uri("/audit/export?" + query).header("Authorization", "Bearer " + token).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return Arrays.stream(body.split("\n")).filter(line -> !line.isBlank()).toList();
    }

    private static Optional<Path> downloaded(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".ndjson")).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
