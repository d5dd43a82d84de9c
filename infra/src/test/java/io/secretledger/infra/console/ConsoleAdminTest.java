package io.secretledger.infra.console;

import io.secretledger.infra.support.DevMailbox;
import io.secretledger.infra.support.GraphQlClients;
import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.SecretSteps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
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
 * The owner's administration pages in a real browser (issue 22, slice 6a): members and invitations, service accounts
 * with their once-shown tokens, and the workspace's controls and egress allowlist. Each test works in a workspace of
 * its own, so the controls it changes reach no other test of the shared application.
 */
class ConsoleAdminTest extends LiveApplicationTest {

    private static final Pattern INVITATION = Pattern.compile(
            "slinv\\.[0-9a-f-]{36}\\.[0-9a-f-]{36}\\.[A-Za-z0-9_-]{43}");
    private static final Pattern SERVICE_TOKEN = Pattern.compile(
            "slsa\\.[0-9a-f-]{36}\\.[0-9a-f-]{36}\\.[A-Za-z0-9_-]{43}");

    // language=GraphQL
    private static final String WORKSPACE = """
            { workspace {
                members { id email title division permissions }
                invitations { id email permissions title }
                serviceAccounts { id name scopes activeTokenIds }
                settings { maxShareLinkHours requireRevealReason requireEmailVerification }
                egressAllowlist { scheme host port privateAddresses } } }""";

    /** One browser for the class (Chromium takes seconds to start); each test signs in afresh, with nothing kept. */
    private static Browser shared;

    private String tag;
    private String ownerEmail;
    private String workspaceId;
    private String ownerToken;
    private HttpGraphQlTester owner;

    @BeforeEach
    void aWorkspaceOfItsOwn() {
        tag = UUID.randomUUID().toString().substring(0, 8);
        Demo workspace = newWorkspace("Admin console " + tag);
        workspaceId = workspace.workspaceId();
        ownerEmail = workspace.ownerEmail();
        ownerToken = ownerToken(workspace, 10);
        owner = http(ownerToken);
    }

    private Browser browser(String path) {
        if (shared == null) {
            shared = Browser.open(port);
        } else {
            shared.script("sessionStorage.clear()");
        }
        shared.go(path);
        shared.signIn(ownerToken);
        assertThat(String.valueOf(shared.script("return Object.keys(localStorage).length"))).isEqualTo("0");
        return shared;
    }

    @AfterAll
    static void closeBrowser() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    @Test
    void anOwnerInvitesAMemberChangesTheirRoleAndRemovesThem() {
        String email = "tech-" + tag + "@admin.test";
        Browser browser = browser("/members");
        WebElement address = browser.waitFor(By.id("invite-email"));

        address.sendKeys("not-an-address");
        browser.driver.findElement(By.cssSelector("#invite-form button[type=submit]")).click();
        browser.waitUntil(ExpectedConditions.attributeToBe(By.id("invite-email"), "aria-invalid", "true"));
        assertThat(address.getDomAttribute("aria-describedby")).contains("invite-email-error");
        assertThat(browser.waitFor(By.id("invite-email-error")).getText()).contains("needs an e-mail address");
        assertThat(invitationEmails()).doesNotContain("not-an-address");

        address.clear();
        address.sendKeys(email);
        browser.driver.findElement(By.id("invite-title")).sendKeys("Technician");
        assertThat(new Select(browser.driver.findElement(By.id("invite-role"))).getFirstSelectedOption().getText())
                .startsWith("Editor");
        browser.driver.findElement(By.cssSelector("#invite-form button[type=submit]")).click();
        browser.waitFor(By.cssSelector("tr[data-invitation='" + email + "']"));
        browser.waitForText(By.id("status"), "Invitation sent to " + email);
        assertThat(address.getDomAttribute("aria-invalid")).isNull();
        assertThat(owner.document(WORKSPACE).execute().path("workspace.invitations[?(@.email == '" + email
                + "')].permissions[*]").entityList(String.class).get()).containsExactly("VIEW_ALL");

        String firstInvitation = invitationId(email);
        browser.driver.findElement(By.cssSelector("tr[data-invitation='" + email + "'] button.resend")).click();
        browser.waitFor(By.cssSelector("dialog button[type=submit]")).click();
        browser.waitForText(By.id("status"), "A new invitation is mailed to " + email);
        assertThat(invitationId(email)).isNotEqualTo(firstInvitation);

        String memberToken = anonymous().document("mutation($token: String!) { acceptInvitation(input: "
                + "{token: $token}) { token } }").variable("token", mailedInvitation(email, 2)).execute()
                .path("acceptInvitation.token").entity(String.class).get();
        String secretName = "vpn-" + tag;
        String secretId = SecretSteps.createSecret(owner, SecretSteps.createApiKeyTemplate(owner), secretName,
                "sk_vpn_" + tag);
        http(memberToken).documentName("revealSecretField").variable("input", Map.of("secretId", secretId,
                "fieldKey", "token")).execute().path("revealSecretField.value").entity(String.class)
                .isEqualTo("sk_vpn_" + tag);
        browser.driver.navigate().refresh();
        String row = "tr[data-member='" + email + "']";
        browser.waitForText(By.cssSelector(row + " .access"), "Editor");
        assertThat(browser.driver.findElements(By.cssSelector("tr[data-invitation='" + email + "']"))).isEmpty();

        browser.driver.findElement(By.cssSelector(row + " button.change-access")).click();
        new Select(browser.waitFor(By.id("change-role"))).selectByValue("ADMIN");
        browser.driver.findElement(By.cssSelector("dialog button[type=submit]")).click();
        browser.waitForText(By.cssSelector(row + " .access"), "Admin");
        assertThat(permissionsOf(email)).containsExactlyInAnyOrder("MODIFY_ALL", "VIEW_ALL");
        browser.screenshot("members");

        browser.driver.findElement(By.cssSelector(row + " button.edit-profile")).click();
        browser.waitFor(By.id("profile-division")).sendKeys("EMEA");
        browser.driver.findElement(By.cssSelector("dialog button[type=submit]")).click();
        browser.waitForText(By.cssSelector(row), "EMEA");
        assertThat(owner.document(WORKSPACE).execute().path("workspace.members[?(@.email == '" + email
                + "')].division").entityList(String.class).get()).containsExactly("EMEA");

        String me = "tr[data-member='" + ownerEmail + "']";
        browser.driver.findElement(By.cssSelector(me + " button.change-access")).click();
        new Select(browser.waitFor(By.id("change-role"))).selectByValue("EDITOR");
        browser.driver.findElement(By.cssSelector("dialog button[type=submit]")).click();
        browser.waitForText(By.cssSelector("dialog form > p.error"), "last owner");
        browser.driver.findElement(By.cssSelector("dialog .actions button[type=button]")).click();
        browser.waitUntil(ExpectedConditions.numberOfElementsToBe(By.tagName("dialog"), 0));
        assertThat(browser.driver.findElement(By.cssSelector(me + " .access")).getText()).isEqualTo("Owner");

        browser.driver.findElement(By.cssSelector(row + " button.remove")).click();
        browser.waitForText(By.cssSelector("dialog .departure"), "rotate these");
        assertThat(browser.driver.findElement(By.cssSelector("dialog .to-rotate")).getText())
                .contains(secretName + " / token");
        browser.driver.findElement(By.cssSelector("dialog button[type=submit]")).click();
        browser.waitUntil(ExpectedConditions.numberOfElementsToBe(By.cssSelector(row), 0));
        browser.waitForText(By.id("status"), email + " is removed");
        assertThat(owner.document(WORKSPACE).execute().path("workspace.members[*].email").entityList(String.class)
                .get()).doesNotContain(email);
        assertThat(browser.waitFor(By.cssSelector("#departures .to-rotate a")).getDomAttribute("href"))
                .isEqualTo("/secrets/" + secretId);
        http(memberToken).documentName("revealSecretField").variable("input", Map.of("secretId", secretId,
                "fieldKey", "token")).execute().errors().satisfy(errors -> assertThat(errors).isNotEmpty());
    }

    @Test
    void anOwnerCreatesAServiceAccountSeesItsTokenOnceAndRevokesIt() {
        String name = "helpdesk-sync-" + tag;
        Browser browser = browser("/service-accounts");
        browser.waitFor(By.id("account-name")).sendKeys(name);
        browser.driver.findElement(By.id("account-scope-tickets")).click();
        browser.driver.findElement(By.cssSelector("#create-account button[type=submit]")).click();
        String token = browser.waitFor(By.id("token-value")).getText();
        assertThat(token).matches(SERVICE_TOKEN);
        assertThat(browser.waitFor(By.id("new-token-warning")).getText()).contains("you will not see this again");
        assertThat(browser.storage()).doesNotContain(token);
        http(token).document("{ me { type } }").execute().path("me.type").entity(String.class)
                .isEqualTo("SERVICE_ACCOUNT");
        String accountId = await().atMost(Duration.ofSeconds(10)).until(() -> account(name), a ->
                ((List<?>) a.get("activeTokenIds")).size() == 1).get("id").toString();
        assertThat(account(name).get("scopes")).isEqualTo(List.of("TICKETS"));

        browser.driver.findElement(By.cssSelector("header.top nav a[href='/members']")).click();
        browser.waitFor(By.id("invite-email"));
        assertThat(browser.pageText()).doesNotContain(token);
        browser.driver.navigate().back();
        String row = "tr[data-account='" + accountId + "']";
        browser.waitFor(By.cssSelector(row + " button.revoke"));
        assertThat(browser.driver.findElements(By.id("token-value"))).isEmpty();
        assertThat(browser.pageText()).doesNotContain(token);
        assertThat(browser.storage()).doesNotContain(token);

        browser.driver.findElement(By.cssSelector(row + " button.used")).click();
        browser.waitForText(By.cssSelector("dialog .departure"), "nothing to rotate");
        browser.driver.findElement(By.cssSelector("dialog button[type=submit]")).click();
        browser.waitUntil(ExpectedConditions.numberOfElementsToBe(By.tagName("dialog"), 0));

        browser.driver.findElement(By.cssSelector(row + " button.rotate")).click();
        browser.waitFor(By.cssSelector("dialog button[type=submit]")).click();
        browser.waitUntil(ExpectedConditions.not(ExpectedConditions.textToBe(By.id("token-value"), token)));
        String second = browser.waitFor(By.id("token-value")).getText();
        assertThat(second).matches(SERVICE_TOKEN).isNotEqualTo(token);
        GraphQlClients.expectRefused(port, token);
        http(second).document("{ me { type } }").execute().path("me.type").entity(String.class)
                .isEqualTo("SERVICE_ACCOUNT");
        browser.driver.findElement(By.cssSelector("#new-token button.done")).click();
        browser.waitUntil(ExpectedConditions.numberOfElementsToBe(By.id("token-value"), 0));
        assertThat(browser.pageText()).doesNotContain(second).doesNotContain(token);
        String secondId = second.split("\\.")[2];
        await().atMost(Duration.ofSeconds(10)).until(() -> account(name).get("activeTokenIds"),
                List.of(secondId)::equals);
        assertThat(browser.waitFor(By.cssSelector(row + " li[data-token]")).getDomAttribute("data-token"))
                .isEqualTo(secondId);

        browser.driver.findElement(By.cssSelector(row + " button.revoke")).click();
        browser.waitFor(By.cssSelector("dialog button[type=submit]")).click();
        browser.waitForText(By.cssSelector(row), "no active token");
        assertThat(browser.storage()).doesNotContain(token).doesNotContain(second);
        await().atMost(Duration.ofSeconds(10)).until(() -> ((List<?>) account(name).get("activeTokenIds")).isEmpty());
        GraphQlClients.expectRefused(port, second);
    }

    @Test
    void anOwnerChangesAControlAfterARefusalAndEditsTheEgressAllowlist() {
        String host = "api.payments-" + tag + ".example";
        Browser browser = browser("/workspace");
        WebElement hours = browser.waitFor(By.id("setting-max-share-link-hours"));
        assertThat(hours.getDomProperty("value")).isEqualTo("72");
        hours.clear();
        hours.sendKeys("721");
        browser.driver.findElement(By.cssSelector("#settings-form button[type=submit]")).click();
        browser.waitUntil(ExpectedConditions.attributeToBe(hours, "aria-invalid", "true"));
        assertThat(browser.waitFor(By.id("setting-max-share-link-hours-error")).getText()).contains("1 to 720");
        assertThat(hours.getDomAttribute("aria-describedby")).contains("setting-max-share-link-hours-error");
        assertThat(settings()).containsEntry("maxShareLinkHours", 72).containsEntry("requireRevealReason", false);
        browser.screenshot("workspace");

        hours.clear();
        hours.sendKeys("48");
        browser.driver.findElement(By.id("setting-require-reveal-reason")).click();
        browser.driver.findElement(By.cssSelector("#settings-form button[type=submit]")).click();
        browser.waitForText(By.id("status"), "controls are saved");
        assertThat(hours.getDomAttribute("aria-invalid")).isNull();
        assertThat(browser.driver.findElement(By.id("setting-max-share-link-hours-error")).isDisplayed()).isFalse();
        assertThat(settings()).containsEntry("maxShareLinkHours", 48).containsEntry("requireRevealReason", true)
                .containsEntry("requireEmailVerification", false);

        WebElement leadDays = browser.driver.findElement(By.id("reminder-lead-days"));
        leadDays.sendKeys("30, 7, -1");
        browser.driver.findElement(By.cssSelector("#reminders-form button[type=submit]")).click();
        browser.waitUntil(ExpectedConditions.attributeToBe(leadDays, "aria-invalid", "true"));
        assertThat(browser.waitFor(By.id("reminder-lead-days-error")).getText()).contains("0 (on the day) or more");
        assertThat(leadDays()).isEmpty();
        leadDays.clear();
        leadDays.sendKeys("30 7 1");
        browser.driver.findElement(By.cssSelector("#reminders-form button[type=submit]")).click();
        browser.waitForText(By.id("status"), "Reminders 30, 7, 1 days before expiry");
        assertThat(leadDays.getDomAttribute("aria-invalid")).isNull();
        assertThat(leadDays()).containsExactly(30, 7, 1);

        WebElement hostInput = browser.driver.findElement(By.id("egress-host"));
        hostInput.sendKeys("https://" + host + "/v1");
        browser.driver.findElement(By.cssSelector("#egress-form button[type=submit]")).click();
        browser.waitUntil(ExpectedConditions.attributeToBe(hostInput, "aria-invalid", "true"));
        assertThat(browser.waitFor(By.id("egress-host-error")).getText()).contains("without scheme, port or path");
        assertThat(egressHosts()).isEmpty();

        hostInput.clear();
        hostInput.sendKeys(host);
        browser.driver.findElement(By.cssSelector("#egress-form button[type=submit]")).click();
        browser.waitFor(By.cssSelector("tr[data-host='" + host + "']"));
        assertThat(hostInput.getDomAttribute("aria-invalid")).isNull();
        assertThat(egressHosts()).containsExactly(host);

        browser.driver.findElement(By.cssSelector("tr[data-host='" + host + "'] button.remove")).click();
        browser.waitFor(By.cssSelector("dialog button[type=submit]")).click();
        browser.waitUntil(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr[data-host='" + host + "']"), 0));
        assertThat(egressHosts()).isEmpty();
    }

    private HttpGraphQlTester anonymous() {
        return http(null);
    }

    /** The token of the newest of the {@code mails} invitations mailed to {@code email}, once they all arrived. */
    private String mailedInvitation(String email, int mails) {
        String reader = tokens.mint(workspaceId, "mail-" + UUID.randomUUID(), email, Duration.ofMinutes(5));
        List<String> found = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            found.clear();
            for (Map<String, String> message : DevMailbox.messages(port, reader, json)) {
                Matcher token = INVITATION.matcher(message.get("text"));
                if (token.find()) {
                    found.add(token.group());
                }
            }
            return found.size() >= mails;
        });
        return found.get(found.size() - 1);
    }

    private String invitationId(String email) {
        return owner.document(WORKSPACE).execute().path("workspace.invitations[?(@.email == '" + email + "')].id")
                .entityList(String.class).hasSize(1).get().get(0);
    }

    private List<String> invitationEmails() {
        return owner.document(WORKSPACE).execute().path("workspace.invitations[*].email").entityList(String.class)
                .get();
    }

    private List<String> permissionsOf(String email) {
        return owner.document(WORKSPACE).execute().path("workspace.members[?(@.email == '" + email
                + "')].permissions[*]").entityList(String.class).get();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> account(String name) {
        List<Map<String, Object>> accounts = owner.document(WORKSPACE).execute()
                .path("workspace.serviceAccounts[?(@.name == '" + name + "')]").entityList(Map.class).get()
                .stream().map(m -> (Map<String, Object>) m).toList();
        assertThat(accounts).hasSize(1);
        return accounts.get(0);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> settings() {
        return owner.document(WORKSPACE).execute().path("workspace.settings").entity(Map.class).get();
    }

    private List<Integer> leadDays() {
        return owner.document("{ reminderSettings { leadDays } }").execute().path("reminderSettings.leadDays")
                .entityList(Integer.class).get();
    }

    private List<String> egressHosts() {
        return owner.document(WORKSPACE).execute().path("workspace.egressAllowlist[*].host").entityList(String.class)
                .get();
    }
}
