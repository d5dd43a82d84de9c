package io.secretledger.infra.console;

import io.secretledger.infra.support.DevMailbox;
import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.SecretSteps;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The helpdesk member's flow of seed 000 in a real browser (issue 22, slice 2): a link from the helpdesk opens the
 * ticket's Client Secrets panel, the member signs in there, reveals with the code e-mailed to them (the workspace
 * asks for one), and the reveal is recorded with the ticket. A secret linked to the ticket meanwhile appears in the
 * open panel by itself.
 */
class ConsoleTicketPanelTest extends LiveApplicationTest {

    private static final Pattern CODE = Pattern.compile("code to reveal secrets is (\\d{6})");

    // language=GraphQL
    private static final String RELATE = """
            mutation($secretId: ID!, $tickets: [ID!]) {
              changeSecretRelations(input: { secretId: $secretId, relatedTicketIds: $tickets }) { secretId }
            }""";

    @Test
    void aMemberWorksATicketsPanelAndRevealsWithTheEmailedCode() {
        HttpGraphQlTester owner = asOwner();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String email = "helpdesk-" + suffix + "@demo.local";
        String memberId = owner.documentName("addMember").variable("input", Map.of("email", email,
                "title", "Support engineer", "division", "EMEA", "role", "EDITOR")).execute()
                .path("addMember.member.id").entity(String.class).get();
        String memberToken = tokens.mint(demo.workspaceId(), memberId, email, Duration.ofMinutes(10));
        String ticketId = owner.documentName("registerTicket").variable("input", Map.of("reference", "HD-" + suffix,
                "memberIds", List.of(memberId))).execute().path("registerTicket.ticketId").entity(String.class).get();
        String templateId = SecretSteps.createApiKeyTemplate(owner);
        String value = "sk_panel_" + UUID.randomUUID().toString().replace("-", "");
        String secretId = SecretSteps.createSecret(owner, templateId, "panel-" + suffix + "-vpn", value);
        String laterId = SecretSteps.createSecret(owner, templateId, "panel-" + suffix + "-wifi", "sk_later_" + suffix);
        owner.document(RELATE).variable("secretId", secretId).variable("tickets", List.of(ticketId)).execute()
                .path("changeSecretRelations.secretId").entity(String.class).isEqualTo(secretId);
        requireEmailVerification(owner, true);
        try (Browser browser = Browser.open(port)) {
            browser.go("/tickets/" + ticketId);
            browser.signIn(memberToken);
            WebElement reveal = browser.waitFor(By.cssSelector("[data-secret=panel-" + suffix + "-vpn] "
                    + "[data-field=token] button.reveal"));
            browser.waitForText(By.id("live-state"), "Live:");
            assertThat(browser.driver.getCurrentUrl()).endsWith("/tickets/" + ticketId);

            int mails = DevMailbox.messages(port, memberToken, json).size();
            reveal.click();
            WebElement code = browser.waitFor(By.id("verification-code"));
            List<Map<String, String>> mail = await().atMost(Duration.ofSeconds(10))
                    .until(() -> DevMailbox.messages(port, memberToken, json), messages -> messages.size() > mails);
            Matcher matcher = CODE.matcher(mail.get(mail.size() - 1).get("text"));
            assertThat(matcher.find()).isTrue();
            browser.screenshot("ticket-panel-code");
            code.sendKeys(matcher.group(1));
            browser.driver.findElement(By.cssSelector("dialog button[type=submit]")).click();
            browser.waitForText(By.cssSelector("[data-secret=panel-" + suffix + "-vpn] [data-field=token] .value"),
                    value);
            browser.screenshot("ticket-panel");

            owner.document(RELATE).variable("secretId", laterId).variable("tickets", List.of(ticketId)).execute()
                    .path("changeSecretRelations.secretId").entity(String.class).isEqualTo(laterId);
            browser.waitFor(By.cssSelector("[data-secret=panel-" + suffix + "-wifi]"));
            assertThat(browser.pageText()).doesNotContain("sk_later_" + suffix);
            assertThat(browser.storage()).doesNotContain(value).doesNotContain(matcher.group(1));
        } finally {
            requireEmailVerification(owner, false);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> owner.documentName("auditLog").variable("first", 20)
                .variable("filter", Map.of("secretId", secretId, "action", "SecretRevealed")).execute()
                .path("auditLog.edges[*].node.ticketId").entityList(String.class).containsExactly(ticketId));
    }

    private static void requireEmailVerification(HttpGraphQlTester owner, boolean on) {
        owner.documentName("changeWorkspaceSettings").variable("input", Map.of("clientSecretsEnabled", true,
                "restrictToAssignedUsers", false, "requireEmailVerification", on)).execute()
                .path("changeWorkspaceSettings.workspace.settings.requireEmailVerification").entity(Boolean.class)
                .isEqualTo(on);
    }
}
