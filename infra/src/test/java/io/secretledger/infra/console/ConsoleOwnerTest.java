package io.secretledger.infra.console;

import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.SecretSteps;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The owner's pages in a real browser (issue 22, slice 3; seeds 000 and 002): an owner creates a template with a
 * field of every type, adds a secret from it (a per-field error first, shown at its input with the rest kept as
 * typed), edits it while someone else changes it through the API (the conflict is shown, nothing is sent again
 * until the owner reloads and saves), deletes it, restores it, deletes it again and purges it from the list of
 * deleted secrets. After each step the API holds what the page said.
 */
class ConsoleOwnerTest extends LiveApplicationTest {

    // language=GraphQL
    private static final String TEMPLATES = """
            query { templates(first: 100, includeArchived: true) { edges { node { id name fields { key type required sensitive options } } } } }""";
    // language=GraphQL
    private static final String SECRET = """
            query($id: ID!) { secret(id: $id) { id name description version deleted expiresAt
              fields { key type sensitive masked value version } } }""";
    // language=GraphQL
    private static final String LISTED = """
            query($name: String, $deleted: Boolean) { secrets(first: 10, nameContains: $name, deleted: $deleted) {
              edges { node { id } } } }""";
    // language=GraphQL
    private static final String UPDATE = """
            mutation($input: UpdateSecretInput!) { updateSecret(input: $input) { secret { version } } }""";
    // language=GraphQL
    private static final String REVEAL = """
            mutation($id: ID!, $key: String!) { revealSecretField(input: {secretId: $id, fieldKey: $key}) { value } }""";

    @Test
    void anOwnerBuildsATemplateAddsEditsDeletesRestoresAndPurgesASecret() throws IOException {
        HttpGraphQlTester owner = asOwner();
        SecretSteps.createApiKeyTemplate(owner); // so that "New secret" asks which template
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String templateName = "Console service account " + suffix;
        String name = "owner-" + suffix + "-vpn";
        Path contract = Files.createTempFile("contract-", ".txt");
        Files.writeString(contract, "signed contract " + suffix);

        try (Browser browser = Browser.open(port)) {
            actOut(browser, owner, suffix, templateName, name, contract);
        } finally {
            Files.deleteIfExists(contract);
        }
    }

    private void actOut(Browser browser, HttpGraphQlTester owner, String suffix, String templateName, String name,
                        Path contract) {
        try {
            steps(browser, owner, suffix, templateName, name, contract);
        } catch (RuntimeException | AssertionError failure) {
            browser.screenshot("owner-failure");
            throw new AssertionError("The page said: " + browser.script("return document.body.innerText"), failure);
        }
    }

    private void steps(Browser browser, HttpGraphQlTester owner, String suffix, String templateName, String name,
                       Path contract) {
        {
            browser.go("/templates");
            browser.signIn(ownerToken());

            // A template with a field of every type; the first try leaves a key out.
            browser.waitFor(By.id("new-template")).click();
            browser.waitFor(By.id("template-name")).sendKeys(templateName);
            browser.driver.findElement(By.id("template-description")).sendKeys("VPN service accounts of a client");
            definition(browser, 1, "tenant", "Tenant", "TEXT", true, false, null);
            addRow(browser);
            definition(browser, 2, "", "API token", "TEXT", true, true, null);
            addRow(browser);
            definition(browser, 3, "environment", "Environment", "CHOICE", true, false, "production\nstaging");
            addRow(browser);
            definition(browser, 4, "notes", "Notes", "MESSAGE", false, false, null);
            addRow(browser);
            definition(browser, 5, "otp", "One-time password", "TOTP", false, false, null);
            addRow(browser);
            definition(browser, 6, "contract", "Contract", "FILE", false, false, null);
            browser.driver.findElement(By.cssSelector(".template-creator button[type=submit]")).click();
            By missingKey = row(2, "input[name=key]");
            browser.waitUntil(ExpectedConditions.attributeToBe(missingKey, "aria-invalid", "true"));
            assertThat(describedBy(browser, missingKey)).contains("A field key is");
            assertThat(browser.driver.findElement(row(3, "input[name=key]")).getAttribute("aria-invalid")).isNull();
            assertThat(templateNamed(owner, templateName)).isNull();
            browser.driver.findElement(missingKey).sendKeys("api_token");
            browser.driver.findElement(By.cssSelector(".template-creator button[type=submit]")).click();
            browser.waitFor(By.cssSelector("article[data-template='" + templateName + "'] tr[data-field=contract]"));
            browser.screenshot("templates");
            Map<String, Object> template = templateNamed(owner, templateName);
            assertThat(template).isNotNull();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> fields = (List<Map<String, Object>>) template.get("fields");
            assertThat(fields).extracting(f -> f.get("key") + ":" + f.get("type") + ":" + f.get("required") + ":"
                    + f.get("sensitive")).containsExactly("tenant:TEXT:true:false", "api_token:TEXT:true:true",
                    "environment:CHOICE:true:false", "notes:MESSAGE:false:false", "otp:TOTP:false:true",
                    "contract:FILE:false:false");
            assertThat(fields.get(2).get("options")).isEqualTo(List.of("production", "staging"));
            String templateId = (String) template.get("id");

            // The Add Secret dialog: a seed that is no TOTP seed is refused at its input, the rest stays typed.
            browser.driver.findElement(By.cssSelector("header.top nav a[href='/secrets']")).click();
            browser.waitFor(By.id("new-secret")).click();
            new Select(browser.waitFor(By.id("new-secret-template"))).selectByValue(templateId);
            browser.driver.findElement(By.cssSelector("dialog[open] button[type=submit]")).click();
            browser.waitFor(By.cssSelector("dialog.editor"));
            browser.driver.findElement(By.cssSelector("dialog.editor input[name=name]")).sendKeys(name);
            browser.driver.findElement(By.cssSelector("dialog.editor textarea[name=description]")).sendKeys("Client VPN");
            typeDate(browser.driver.findElement(By.cssSelector("dialog.editor input[name=expiresAt]")));
            value(browser, "tenant").sendKeys("acme");
            browser.driver.findElement(By.cssSelector("[data-key=api_token] button.generate")).click();
            new Select(value(browser, "environment")).selectByValue("production");
            value(browser, "notes").sendKeys("Line one\nLine two");
            value(browser, "otp").sendKeys("not a seed!");
            value(browser, "contract").sendKeys(contract.toAbsolutePath().toString());
            browser.driver.findElement(By.cssSelector("dialog.editor button[type=submit]")).click();
            By otp = By.cssSelector("dialog.editor [data-key=otp] input");
            browser.waitUntil(ExpectedConditions.attributeToBe(otp, "aria-invalid", "true"));
            assertThat(describedBy(browser, otp)).isNotBlank();
            assertThat(value(browser, "tenant").getAttribute("value")).isEqualTo("acme");
            assertThat(value(browser, "tenant").getAttribute("aria-invalid")).isNull();
            assertThat(value(browser, "notes").getAttribute("value")).isEqualTo("Line one\nLine two");
            assertThat(browser.driver.findElement(By.cssSelector("dialog.editor input[name=name]"))
                    .getAttribute("value")).isEqualTo(name);
            assertThat(listed(owner, name, false)).isEmpty();
            browser.screenshot("add-secret-error");
            value(browser, "otp").clear();
            value(browser, "otp").sendKeys("JBSWY3DPEHPK3PXP");
            browser.driver.findElement(By.cssSelector("dialog.editor button[type=submit]")).click();
            browser.waitForText(By.cssSelector("main h1"), name);
            browser.waitFor(By.cssSelector(".secret-actions button.edit"));
            String secretId = browser.driver.getCurrentUrl().replaceAll(".*/secrets/", "");
            Map<String, Object> created = secret(owner, secretId);
            assertThat(created.get("name")).isEqualTo(name);
            assertThat(created.get("description")).isEqualTo("Client VPN");
            assertThat((String) created.get("expiresAt")).startsWith("2027-12-3");
            assertThat(fieldValues(created)).containsEntry("tenant", "acme").containsEntry("environment", "production")
                    .containsEntry("notes", "Line one\nLine two");
            assertThat(masked(created)).contains("api_token", "otp");
            assertThat(owner.document(REVEAL).variable("id", secretId).variable("key", "api_token").execute()
                    .path("revealSecretField.value").entity(String.class).get()).hasSize(32);
            assertThat(fieldValues(created).get("contract")).isNotNull();
            assertThat(browser.pageText()).doesNotContain("JBSWY3DPEHPK3PXP");

            // Edit while someone else changes the secret: the save is refused and says so; after Reload it goes through.
            browser.driver.findElement(By.cssSelector(".secret-actions button.edit")).click();
            browser.waitFor(By.cssSelector("dialog.editor"));
            assertThat(value(browser, "tenant").getAttribute("value")).isEqualTo("acme");
            assertThat(value(browser, "api_token").getAttribute("value")).isEmpty();
            WebElement description = browser.driver.findElement(By.cssSelector("dialog.editor textarea[name=description]"));
            description.clear();
            description.sendKeys("Client VPN, rotated");
            int openedAt = (Integer) secret(owner, secretId).get("version");
            int changedTo = owner.document(UPDATE).variable("input", Map.of("id", secretId, "expectedVersion", openedAt,
                    "values", List.of(Map.of("key", "tenant", "value", "acme-moved")))).execute()
                    .path("updateSecret.secret.version").entity(Integer.class).get();
            browser.driver.findElement(By.cssSelector("dialog.editor button[type=submit]")).click();
            browser.waitForText(By.cssSelector("dialog.editor .conflict"), "Changed by someone else");
            assertThat(browser.driver.findElement(By.cssSelector("dialog.editor .conflict")).getText())
                    .contains("version " + changedTo);
            assertThat(browser.driver.findElement(By.cssSelector("dialog.editor button[type=submit]")).isEnabled())
                    .isFalse();
            browser.screenshot("edit-conflict");
            assertThat(secret(owner, secretId).get("description")).isEqualTo("Client VPN");
            browser.driver.findElement(By.cssSelector("dialog.editor .conflict button.reload")).click();
            browser.waitUntil(ExpectedConditions.attributeToBe(By.cssSelector("dialog.editor [data-key=tenant] input"),
                    "value", "acme-moved"));
            assertThat(description.getAttribute("value")).isEqualTo("Client VPN, rotated");
            browser.driver.findElement(By.cssSelector("dialog.editor button[type=submit]")).click();
            browser.waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("dialog.editor")));
            browser.waitForText(By.id("status"), "saved");
            Map<String, Object> edited = secret(owner, secretId);
            assertThat(edited.get("description")).isEqualTo("Client VPN, rotated");
            assertThat(fieldValues(edited)).containsEntry("tenant", "acme-moved");
            assertThat((Integer) edited.get("version")).isGreaterThan(changedTo);

            // Delete (confirmed), restore, delete again, then purge from the deleted secrets with the name typed.
            browser.waitFor(By.cssSelector(".secret-actions button.delete")).click();
            browser.waitFor(By.cssSelector("dialog[open] button.danger")).click();
            browser.waitFor(By.cssSelector(".secret-actions .deleted-note"));
            assertThat(secret(owner, secretId).get("deleted")).isEqualTo(true);
            assertThat(listed(owner, name, true)).containsExactly(secretId);
            browser.driver.findElement(By.cssSelector(".secret-actions button.restore")).click();
            browser.waitFor(By.cssSelector(".secret-actions button.delete"));
            assertThat(secret(owner, secretId).get("deleted")).isEqualTo(false);
            assertThat(listed(owner, name, false)).containsExactly(secretId);
            browser.driver.findElement(By.cssSelector(".secret-actions button.delete")).click();
            browser.waitFor(By.cssSelector("dialog[open] button.danger")).click();
            browser.waitFor(By.cssSelector(".secret-actions .deleted-note"));
            assertThat(secret(owner, secretId).get("deleted")).isEqualTo(true);

            browser.driver.findElement(By.cssSelector("header.top nav a[href='/secrets']")).click();
            new Select(browser.waitFor(By.id("status-filter"))).selectByValue("deleted");
            browser.driver.findElement(By.id("search")).sendKeys(name);
            browser.waitFor(By.cssSelector("#secrets button[aria-label='Purge " + name + "']")).click();
            WebElement confirm = browser.waitFor(By.cssSelector("dialog[open] input[name=confirmName]"));
            confirm.sendKeys("not-" + name);
            browser.driver.findElement(By.cssSelector("dialog[open] button.danger")).click();
            browser.waitForText(By.cssSelector("dialog[open] .error"), "does not match");
            assertThat(secret(owner, secretId)).isNotNull();
            confirm.clear();
            confirm.sendKeys(name);
            browser.driver.findElement(By.cssSelector("dialog[open] button.danger")).click();
            browser.waitForText(By.cssSelector("#secrets"), "No secrets match");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> owner.document(SECRET).variable("id", secretId)
                    .execute().path("secret").valueIsNull());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(listed(owner, name, true)).isEmpty());
        }
    }

    @Test
    void anOwnerChangesATemplatesFieldAndArchivesTheTemplate() {
        HttpGraphQlTester owner = asOwner();
        String templateName = "Console retired " + UUID.randomUUID().toString().substring(0, 8);
        String templateId = owner.documentName("createTemplate").variable("input", Map.of("name", templateName,
                "fields", List.of(Map.of("key", "tenant", "label", "Tenant", "type", "TEXT"),
                        Map.of("key", "token", "label", "Token", "type", "TEXT", "sensitive", true))))
                .execute().path("createTemplate.template.id").entity(String.class).get();
        String card = "article[data-template-id='" + templateId + "'] ";

        try (Browser browser = Browser.open(port)) {
            browser.go("/templates");
            browser.signIn(ownerToken());
            browser.waitFor(By.cssSelector(card + "button[aria-label='Change field Tenant']")).click();
            WebElement label = browser.waitFor(By.cssSelector("dialog[open] input[name=label]"));
            assertThat(browser.driver.findElement(By.cssSelector("dialog[open] input[name=key]"))
                    .getAttribute("readonly")).isNotNull();
            label.clear();
            browser.driver.findElement(By.cssSelector("dialog[open] button[type=submit]")).click();
            browser.waitUntil(ExpectedConditions.attributeToBe(By.cssSelector("dialog[open] input[name=label]"),
                    "aria-invalid", "true"));
            label.sendKeys("Tenant id");
            browser.driver.findElement(By.cssSelector("dialog[open] input[name=required]")).click();
            browser.driver.findElement(By.cssSelector("dialog[open] button[type=submit]")).click();
            browser.waitForText(By.cssSelector(card + "tr[data-field=tenant]"), "Tenant id");
            assertThat(browser.driver.findElement(By.cssSelector(card + "tr[data-field=tenant]")).getText())
                    .contains("Required");

            browser.driver.findElement(By.cssSelector(card + "button.archive")).click();
            browser.waitFor(By.cssSelector("dialog[open] button.danger")).click();
            browser.waitFor(By.cssSelector(card + "button.unarchive"));
            browser.driver.findElement(By.cssSelector("header.top nav a[href='/secrets']")).click();
            browser.waitFor(By.id("new-secret")).click();
            browser.waitFor(By.cssSelector("dialog[open]"));
            assertThat(browser.driver.findElements(By.cssSelector("dialog[open] option[value='" + templateId + "']")))
                    .isEmpty();
        }
        owner.document("query($id: ID!) { template(id: $id) { archived fields { key label required } } }")
                .variable("id", templateId).execute()
                .path("template.archived").entity(Boolean.class).isEqualTo(true)
                .path("template.fields[0].label").entity(String.class).isEqualTo("Tenant id")
                .path("template.fields[0].required").entity(Boolean.class).isEqualTo(true);
    }

    /** 31 December 2027 typed into a date input, in whichever order of day and month the browser's locale shows. */
    private static void typeDate(WebElement date) {
        date.sendKeys("31122027");
        if (!"2027-12-31".equals(date.getAttribute("value"))) {
            date.clear();
            date.sendKeys("12312027");
        }
        assertThat(date.getAttribute("value")).isEqualTo("2027-12-31");
    }

    private static By row(int index, String inside) {
        return By.cssSelector(".template-creator li.definition:nth-child(" + index + ") " + inside);
    }

    private static void addRow(Browser browser) {
        browser.driver.findElement(By.cssSelector(".template-creator button.add-row")).click();
    }

    private static void definition(Browser browser, int index, String key, String label, String type, boolean required,
                                   boolean sensitive, String options) {
        browser.waitFor(row(index, "input[name=key]")).sendKeys(key);
        browser.driver.findElement(row(index, "input[name=label]")).sendKeys(label);
        new Select(browser.driver.findElement(row(index, "select[name=type]"))).selectByValue(type);
        if (required) browser.driver.findElement(row(index, "input[name=required]")).click();
        if (sensitive) browser.driver.findElement(row(index, "input[name=sensitive]")).click();
        if (options != null) browser.waitFor(row(index, "textarea[name=options]")).sendKeys(options);
    }

    /** The text of the messages an input's aria-describedby names. */
    private static String describedBy(Browser browser, By input) {
        return String.valueOf(browser.script("return arguments[0].getAttribute('aria-describedby').split(' ')"
                + ".map(id => document.getElementById(id)?.textContent ?? '').join(' ')",
                browser.driver.findElement(input)));
    }

    private static WebElement value(Browser browser, String key) {
        return browser.driver.findElement(By.cssSelector("dialog.editor [data-key=" + key + "] .control > :first-child"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> templateNamed(GraphQlTester owner, String name) {
        List<Map<String, Object>> templates = owner.document(TEMPLATES).execute().path("templates.edges[*].node")
                .entityList(Map.class).get().stream().map(t -> (Map<String, Object>) t).toList();
        return templates.stream().filter(t -> name.equals(t.get("name"))).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> secret(GraphQlTester owner, String id) {
        return owner.document(SECRET).variable("id", id).execute().path("secret").entity(Map.class).get();
    }

    private static List<String> listed(GraphQlTester owner, String name, boolean deleted) {
        return owner.document(LISTED).variable("name", name).variable("deleted", deleted).execute()
                .path("secrets.edges[*].node.id").entityList(String.class).get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> fieldValues(Map<String, Object> secret) {
        Map<String, String> values = new java.util.HashMap<>();
        for (Map<String, Object> field : (List<Map<String, Object>>) secret.get("fields")) {
            values.put((String) field.get("key"), (String) field.get("value"));
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static List<String> masked(Map<String, Object> secret) {
        return ((List<Map<String, Object>>) secret.get("fields")).stream()
                .filter(f -> Boolean.TRUE.equals(f.get("masked"))).map(f -> (String) f.get("key")).toList();
    }
}
