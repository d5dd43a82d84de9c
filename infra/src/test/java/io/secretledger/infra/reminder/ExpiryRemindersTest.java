package io.secretledger.infra.reminder;

import io.secretledger.api.workspace.CreateWorkspace;
import io.secretledger.infra.support.DevMailbox;
import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.SecretSteps;
import io.secretledger.infra.support.Storage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import reactor.core.Disposable;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Expiry reminders over real HTTP, WebSocket and SMTP (the development mailbox), in a workspace of their own so
 * that no other test's secrets are reminded: lead times, one digest per member listing what the policy lets each
 * reach, the subscription, marking rotated, and a rebuild of every projection that mails nothing.
 */
class ExpiryRemindersTest extends LiveApplicationTest {

    private static final Duration MAIL_WAIT = Duration.ofSeconds(60);

    @Autowired
    private CommandGateway commands;

    @Test
    void canRemindEachMemberOnceOfWhatTheyReachUntilMarkedRotatedAndARebuildMailsNothing() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String workspaceId = UUID.randomUUID().toString();
        String ownerId = UUID.randomUUID().toString();
        String ownerEmail = "reminders-owner-" + suffix + "@example.com";
        commands.sendAndWait(new CreateWorkspace(workspaceId, "Reminders " + suffix, ownerId, ownerEmail));
        String ownerToken = tokens.mint(workspaceId, ownerId, ownerEmail, Duration.ofMinutes(10));
        HttpGraphQlTester owner = http(ownerToken);
        owner.documentName("changeWorkspaceSettings").variable("input", Map.of("clientSecretsEnabled", true,
                "restrictToAssignedUsers", true, "requireEmailVerification", false)).execute()
                .path("changeWorkspaceSettings.workspace.settings.restrictToAssignedUsers").entity(Boolean.class)
                .isEqualTo(true);
        String auditorEmail = "reminders-auditor-" + suffix + "@example.com";
        String auditorId = addMember(owner, auditorEmail, "VIEW_ALL");
        String techEmail = "reminders-tech-" + suffix + "@example.com";
        String techId = addMember(owner, techEmail, "VIEW_ASSIGNED");
        String auditorToken = tokens.mint(workspaceId, auditorId, auditorEmail, Duration.ofMinutes(10));
        String techToken = tokens.mint(workspaceId, techId, techEmail, Duration.ofMinutes(10));

        // A negative lead time: VALIDATION on the field, and nothing stored.
        long before = storedEvents();
        owner.documentName("setReminderDefaults").variable("input", Map.of("leadDays", List.of(7, -1))).execute()
                .errors().expect(error -> "VALIDATION".equals(error.getExtensions().get("code"))
                        && "leadDays".equals(error.getExtensions().get("field"))).verify();
        assertThat(storedEvents()).isEqualTo(before);
        http(techToken).documentName("setReminderDefaults").variable("input", Map.of("leadDays", List.of(7)))
                .execute().errors().expect(error -> "FORBIDDEN".equals(error.getExtensions().get("code"))).verify();

        owner.documentName("setReminderDefaults").variable("input", Map.of("leadDays", List.of(0, 1))).execute()
                .path("setReminderDefaults.leadDays").entityList(Integer.class).containsExactly(1, 0);

        Queue<Object> ownerSees = new ConcurrentLinkedQueue<>();
        Queue<Object> techSees = new ConcurrentLinkedQueue<>();
        Disposable ownerWatch = webSocket(ownerToken).documentName("expiryReminderDue").executeSubscription()
                .toFlux("expiryReminderDue", Map.class).subscribe(ownerSees::add, ownerSees::add);
        Disposable techWatch = webSocket(techToken).documentName("expiryReminderDue").executeSubscription()
                .toFlux("expiryReminderDue", Map.class).subscribe(techSees::add, techSees::add);
        try {
            String templateId = SecretSteps.createApiKeyTemplate(owner);
            Instant inThreeDays = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
            Instant inFiveDays = inThreeDays.plus(Duration.ofDays(2));
            String payment = createExpiring(owner, templateId, "r-payment-" + suffix, inThreeDays);
            String vpn = createExpiring(owner, templateId, "r-vpn-" + suffix, inFiveDays);
            String later = createExpiring(owner, templateId, "r-later-" + suffix, inThreeDays);
            owner.documentName("changeSecretAccess").variable("input", Map.of("secretId", payment,
                    "assignedMemberIds", List.of(techId))).execute().path("changeSecretAccess.secretId").hasValue();
            // Overrides: these two fall due now (their lead time has passed); `later` keeps the defaults (1 day).
            owner.documentName("setSecretReminders").variable("input", Map.of("secretId", payment,
                    "leadDays", List.of(7))).execute().path("setSecretReminders.workspaceDefault")
                    .entity(Boolean.class).isEqualTo(false);
            owner.documentName("setSecretReminders").variable("input", Map.of("secretId", vpn,
                    "leadDays", List.of(30, 3650))).execute().path("setSecretReminders.leadDays").entityList(Integer.class)
                    .containsExactly(3650, 30);
            http(techToken).documentName("setSecretReminders").variable("input", Map.of("secretId", payment,
                    "leadDays", List.of(1))).execute().errors()
                    .expect(error -> "FORBIDDEN".equals(error.getExtensions().get("code"))).verify();

            String settings = "query($id: ID) { reminderSettings(secretId: $id) { leadDays workspaceDefault } }";
            await().atMost(Duration.ofSeconds(20)).until(() -> owner.document(settings).variable("id", payment)
                    .execute().path("reminderSettings").entity(Map.class).get()
                    .equals(Map.of("leadDays", List.of(7), "workspaceDefault", false)));
            http(techToken).document(settings).execute().path("reminderSettings").entity(Map.class)
                    .isEqualTo(Map.of("leadDays", List.of(1, 0), "workspaceDefault", true));
            http(techToken).document(settings).variable("id", later).execute().errors()
                    .expect(error -> "NOT_FOUND".equals(error.getExtensions().get("code"))).verify();

            await().atMost(MAIL_WAIT).until(() -> mails(techToken).size() == 1 && mails(auditorToken).size() == 1
                    && mails(ownerToken).size() == 1);
            String ownerMail = mails(ownerToken).get(0).get("text");
            String auditorMail = mails(auditorToken).get(0).get("text");
            String techMail = mails(techToken).get(0).get("text");
            assertThat(ownerMail).contains("r-payment-" + suffix, "r-vpn-" + suffix).doesNotContain("r-later-")
                    .doesNotContain("sk_");
            assertThat(auditorMail).contains("r-payment-" + suffix, "r-vpn-" + suffix).doesNotContain("r-later-");
            assertThat(techMail).contains("r-payment-" + suffix, "days left").doesNotContain("r-vpn-")
                    .doesNotContain("r-later-");

            await().atMost(Duration.ofSeconds(20)).until(() -> ownerSees.size() >= 2 && !techSees.isEmpty());
            assertThat(ownerSees).allMatch(Map.class::isInstance);
            assertThat(techSees).allMatch(Map.class::isInstance);
            assertThat(ownerSees.stream().map(event -> (Object) ((Map<?, ?>) event).get("secretId")).toList())
                    .containsExactlyInAnyOrder(payment, vpn);
            assertThat(techSees.stream().map(event -> (Object) ((Map<?, ?>) event).get("secretId")).toList())
                    .containsExactly(payment);
            Map<?, ?> seen = (Map<?, ?>) techSees.peek();
            assertThat(seen.get("leadDays")).isEqualTo(7);
            assertThat(seen.get("daysLeft")).isEqualTo(2);

            // Rotated with a new expiry a year out: cleared now, planned afresh far away.
            Instant nextYear = inThreeDays.plus(Duration.ofDays(365));
            owner.documentName("markSecretRotated").variable("input", Map.of("secretId", payment,
                    "newExpiresAt", nextYear.toString())).execute()
                    .path("markSecretRotated.clearedExpiresAt").entity(Instant.class).isEqualTo(inThreeDays)
                    .path("markSecretRotated.newExpiresAt").entity(Instant.class).isEqualTo(nextYear);
            await().atMost(Duration.ofSeconds(10)).until(() -> nextYear.equals(owner
                    .document("query($id: ID!) { secret(id: $id) { expiresAt } }").variable("id", payment).execute()
                    .path("secret.expiresAt").entity(Instant.class).get()));

            // A new reminder (later's own lead time now reaches it): the next digest lists vpn, still not rotated,
            // and later, but no longer payment; tech, who reaches neither, gets nothing.
            owner.documentName("setSecretReminders").variable("input", Map.of("secretId", later,
                    "leadDays", List.of(5))).execute().path("setSecretReminders.secretId").entity(String.class)
                    .isEqualTo(later);
            await().atMost(MAIL_WAIT).until(() -> mails(ownerToken).size() == 2 && mails(auditorToken).size() == 2);
            String secondMail = mails(ownerToken).get(1).get("text");
            assertThat(secondMail).contains("r-vpn-" + suffix, "r-later-" + suffix).doesNotContain("r-payment-");
            assertThat(mails(techToken)).hasSize(1);
            assertThat(Storage.eventPayloads(eventStore))
                    .filteredOn(event -> event.startsWith("io.secretledger.api.reminder.ReminderDigestSent")
                            && event.contains(workspaceId)).hasSize(2);
            assertThat(owner.document("""
                            query($id: ID!) { auditLog(first: 100, filter: {secretId: $id}) { edges { node { action } } } }""")
                    .variable("id", payment).execute().path("auditLog.edges[*].node.action").entityList(String.class)
                    .get()).contains("ExpiryReminderDue", "SecretRotationMarked");
        } finally {
            ownerWatch.dispose();
            techWatch.dispose();
        }

        // Every projection rebuilt from the event store: no event appended, no mail sent again.
        HttpGraphQlTester operator = http(tokens.mintOperator(demo.workspaceId(), demo.ownerMemberId(),
                demo.ownerEmail(), Duration.ofMinutes(10)));
        List<String> projections = operator.document("{ projections { name } }").execute()
                .path("projections[*].name").entityList(String.class).get();
        assertThat(projections).contains("expiry-reminder-plans", "expiry-reminder-feed");
        projections.forEach(name -> awaitCaughtUp(operator, name));
        long events = storedEvents();
        for (String projection : projections) {
            operator.document("mutation($name: String!) { rebuildProjection(input: {name: $name}) { name } }")
                    .variable("name", projection).execute().path("rebuildProjection.name").entity(String.class)
                    .isEqualTo(projection);
        }
        projections.forEach(name -> awaitCaughtUp(operator, name));
        assertThat(storedEvents()).as("nothing appended by a rebuild").isEqualTo(events);
        assertThat(mails(ownerToken)).as("no mail sent again").hasSize(2);
        assertThat(mails(auditorToken)).hasSize(2);
        assertThat(mails(techToken)).hasSize(1);
    }

    private String addMember(HttpGraphQlTester owner, String email, String permission) {
        return owner.documentName("addMember").variable("input", Map.of("email", email,
                "permissions", List.of(permission))).execute().path("addMember.member.id").entity(String.class).get();
    }

    private static String createExpiring(HttpGraphQlTester owner, String templateId, String name, Instant expiresAt) {
        return owner.documentName("createSecret").variable("input", Map.of("templateId", templateId, "name", name,
                        "expiresAt", expiresAt.toString(), "values", List.of(Map.of("key", "tenant", "value", "acme"),
                                Map.of("key", "token", "value", "sk_" + UUID.randomUUID()))))
                .execute().path("createSecret.secret.id").entity(String.class).get();
    }

    private List<Map<String, String>> mails(String token) {
        return DevMailbox.messages(port, token, json).stream()
                .filter(mail -> mail.get("subject").startsWith("SecretLedger: ")).toList();
    }

    private void awaitCaughtUp(HttpGraphQlTester operator, String name) {
        await().atMost(Duration.ofSeconds(30)).until(() -> operator
                .document("{ projections { name caughtUp replaying error } }").execute().path("projections")
                .entityList(new ParameterizedTypeReference<Map<String, Object>>() {
                }).get().stream().anyMatch(status -> name.equals(status.get("name"))
                        && Boolean.TRUE.equals(status.get("caughtUp")) && Boolean.FALSE.equals(status.get("replaying"))
                        && status.get("error") == null));
    }
}
