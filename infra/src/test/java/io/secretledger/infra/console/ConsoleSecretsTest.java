package io.secretledger.infra.console;

import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.SecretSteps;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser (issue 22, slice 1): an owner signs in with the local token, finds a secret with the
 * search bar, opens it with its sensitive field masked, reveals it, hides it again, and leaves it; the value is gone
 * from the page each time and was never in the browser's storage. Copy puts it on the clipboard without showing it.
 */
class ConsoleSecretsTest extends LiveApplicationTest {

    @Test
    void anOwnerFindsASecretRevealsItHidesItAndLeavesNothingBehind() {
        String token = "sk_console_" + UUID.randomUUID().toString().replace("-", "");
        String name = "console-" + UUID.randomUUID().toString().substring(0, 8) + "-payment-api-key";
        String templateId = SecretSteps.createApiKeyTemplate(asOwner());
        String secretId = SecretSteps.createSecret(asOwner(), templateId, name, token);
        String ownerToken = ownerToken();

        try (Browser browser = Browser.open(port)) {
            browser.go("/");
            browser.signIn(ownerToken);
            browser.waitFor(By.id("search")).sendKeys(name.substring(0, 16));
            browser.waitForText(By.cssSelector("main p.help"), "1 secret on this page");
            browser.waitFor(By.linkText(name));
            browser.screenshot("secrets-list");
            browser.driver.findElement(By.linkText(name)).click();

            browser.waitFor(By.cssSelector("[data-field=token] button.reveal"));
            assertThat(browser.driver.getCurrentUrl()).endsWith("/secrets/" + secretId);
            assertThat(browser.pageText()).contains("acme").doesNotContain(token);
            browser.driver.findElement(By.cssSelector("[data-field=token] button.reveal")).click();
            browser.waitForText(By.cssSelector("[data-field=token] .value"), token);
            browser.screenshot("secret-revealed");
            assertThat(browser.storage()).doesNotContain(token);

            browser.driver.findElement(By.cssSelector("[data-field=token] button.reveal")).click();
            browser.waitUntil(ExpectedConditions.not(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("[data-field=token] .value"), token)));
            assertThat(browser.pageText()).doesNotContain(token);

            browser.driver.findElement(By.cssSelector("[data-field=token] button.reveal")).click();
            browser.waitForText(By.cssSelector("[data-field=token] .value"), token);
            browser.driver.findElement(By.cssSelector("header.top nav a[href='/secrets']")).click();
            browser.waitFor(By.id("search"));
            assertThat(browser.pageText()).doesNotContain(token);
            browser.driver.navigate().back();
            browser.waitFor(By.cssSelector("[data-field=token] button.copy")).click();
            browser.waitForText(By.id("status"), "clipboard");
            assertThat(browser.pageText()).doesNotContain(token);
            assertThat(browser.storage()).doesNotContain(token).doesNotContain("localStorage\":{\"");
            assertThat(String.valueOf(browser.script("return Object.keys(localStorage).length"))).isEqualTo("0");
            assertThat(browser.driver.getCurrentUrl()).doesNotContain(ownerToken);
        }
        asOwner().document("query($id: ID!) { secret(id: $id) { revealCount } }").variable("id", secretId).execute()
                .path("secret.revealCount").entity(Integer.class).isEqualTo(3);
    }

    @Test
    void theConsoleIsServedUnderAStrictContentSecurityPolicyWithoutAToken() {
        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
        for (String path : new String[] {"/", "/secrets/some-id", "/tickets/some-ticket", "/console/app.js"}) {
            client.get().uri(path).exchange().expectStatus().isOk()
                    .expectHeader().valueEquals("Content-Security-Policy", ConsoleSecurity.POLICY)
                    .expectHeader().valueEquals("X-Frame-Options", "DENY");
        }
        client.get().uri("/").exchange().expectBody(String.class)
                .value(page -> assertThat(page).contains("/console/app.js").doesNotContain("<script>")
                        .doesNotContain("style="));
        client.get().uri("/secrets/some-id/files/token").exchange().expectStatus().isUnauthorized();
    }
}
