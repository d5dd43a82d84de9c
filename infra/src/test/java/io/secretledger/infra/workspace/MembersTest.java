package io.secretledger.infra.workspace;

import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.Storage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import reactor.core.Disposable;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.UUID;

import static io.secretledger.infra.support.SecretSteps.createApiKeyTemplate;
import static io.secretledger.infra.support.SecretSteps.createSecret;
import static org.assertj.core.api.Assertions.assertThat;

/** Members, roles, tokens and workspace controls over GraphQL, and that a removal takes effect at once. */
class MembersTest extends LiveApplicationTest {

    private HttpGraphQlTester owner;

    @BeforeEach
    void setUp() {
        owner = asOwner();
    }

    private String addMember(String email, String role) {
        return owner.documentName("addMember").variable("input", Map.of("email", email, "title", "Support engineer",
                        "division", "EMEA", "role", role)).execute()
                .path("addMember.member.id").entity(String.class).get();
    }

    private HttpGraphQlTester signIn(String memberId) {
        String token = owner.documentName("issueMemberToken").variable("memberId", memberId)
                .variable("lifetimeMinutes", 30).execute()
                .path("issueMemberToken.token").entity(String.class).get();
        return http(token);
    }

    @Test
    void anOwnerAddsAnEditorWhoSeesAndRevealsButChangesNothing() {
        String templateId = createApiKeyTemplate(owner);
        String secretId = createSecret(owner, templateId, "editor-visible-" + UUID.randomUUID(), "sk_editor");
        String email = "editor-" + UUID.randomUUID() + "@demo.local";
        String editorId = addMember(email, "EDITOR");
        owner.documentName("workspace").execute().path("workspace.members[?(@.email == '" + email + "')].permissions[0]")
                .entityList(String.class).containsExactly("VIEW_ALL");

        HttpGraphQlTester editor = signIn(editorId);
        editor.documentName("me").execute().path("me.memberId").entity(String.class).isEqualTo(editorId);
        editor.documentName("revealSecretField").variable("input", Map.of("secretId", secretId, "fieldKey", "token"))
                .execute().path("revealSecretField.grant").entity(String.class).isEqualTo("permission:VIEW_ALL");
        long before = storedEvents();
        editor.documentName("createSecret").variable("input", Map.of("templateId", templateId, "name", "not-mine"))
                .execute().errors().satisfy(errors -> assertCode(errors, "FORBIDDEN"));
        editor.documentName("changeMemberPermissions").variable("input", Map.of("memberId", editorId, "role", "OWNER"))
                .execute().errors().satisfy(errors -> assertCode(errors, "FORBIDDEN"));
        editor.documentName("changeWorkspaceSettings").variable("input", Map.of("clientSecretsEnabled", false,
                "restrictToAssignedUsers", true, "requireEmailVerification", false))
                .execute().errors().satisfy(errors -> assertCode(errors, "FORBIDDEN"));
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aRemovedMemberCannotRevealTheMomentTheRemovalIsAcknowledged() {
        String secretId = createSecret(owner, createApiKeyTemplate(owner), "removal-" + UUID.randomUUID(), "sk_gone");
        String adminId = addMember("admin-" + UUID.randomUUID() + "@demo.local", "ADMIN");
        HttpGraphQlTester admin = signIn(adminId);
        admin.documentName("revealSecretField").variable("input", Map.of("secretId", secretId, "fieldKey", "token"))
                .execute().path("revealSecretField.value").entity(String.class).isEqualTo("sk_gone");

        owner.documentName("removeMember").variable("memberId", adminId).execute()
                .path("removeMember.memberId").entity(String.class).isEqualTo(adminId);
        long before = storedEvents();
        admin.documentName("revealSecretField").variable("input", Map.of("secretId", secretId, "fieldKey", "token"))
                .execute().errors().satisfy(errors -> assertCode(errors, "FORBIDDEN"));
        assertThat(storedEvents()).as("the refusal alone, recorded for the audit trail").isEqualTo(before + 1);
        admin.documentName("secret").variable("id", secretId).execute().path("secret").valueIsNull();
        admin.documentName("secrets").execute().path("secrets.edges").entityList(Object.class).hasSize(0);
    }

    @Test
    void anAssignedOnlyMemberIsReachedImplicitlyThenOnlyByAssignmentOrRuleOnceTheWorkspaceRestricts() {
        String secretId = createSecret(owner, createApiKeyTemplate(owner), "assigned-" + UUID.randomUUID(), "sk_a");
        String memberId = owner.documentName("addMember").variable("input", Map.of(
                        "email", "assigned-" + UUID.randomUUID() + "@demo.local", "title", "Support engineer",
                        "permissions", List.of("VIEW_ASSIGNED"))).execute()
                .path("addMember.member.id").entity(String.class).get();
        HttpGraphQlTester member = signIn(memberId);
        assertRevealGrant(member, secretId, "workspace:unrestricted");

        restrictToAssignedUsers(true);
        try {
            member.documentName("secret").variable("id", secretId).execute().path("secret").valueIsNull();
            member.documentName("secrets").execute().path("secrets.edges").entityList(Object.class).hasSize(0);
            member.documentName("revealSecretField").variable("input", Map.of("secretId", secretId, "fieldKey",
                    "token")).execute().errors().satisfy(errors -> assertCode(errors, "FORBIDDEN"));
            member.documentName("explainAccess").variable("secretId", secretId).variable("memberId", memberId)
                    .execute().path("explainAccess.canView").entity(Boolean.class).isEqualTo(false)
                    .path("explainAccess.denials").entityList(String.class).hasSize(1);

            owner.documentName("changeSecretAccess").variable("input", Map.of("secretId", secretId,
                    "assignedMemberIds", List.of(memberId))).execute();
            assertRevealGrant(member, secretId, "assignment");
            member.documentName("secrets").execute().path("secrets.edges[*].node.id").entityList(String.class)
                    .containsExactly(secretId);
            owner.documentName("explainAccess").variable("secretId", secretId).variable("memberId", memberId)
                    .execute().path("explainAccess.viewGrants[*].name").entityList(String.class)
                    .containsExactly("assignment")
                    .path("explainAccess.canModify").entity(Boolean.class).isEqualTo(false);

            owner.documentName("changeSecretAccess").variable("input", Map.of("secretId", secretId,
                    "assignedMemberIds", List.of(), "rules", List.of(Map.of("id", "support", "type",
                            "MEMBER_TITLE_MATCHES", "pattern", "support*"))))
                    .execute();
            assertRevealGrant(member, secretId, "rule:support");

            owner.documentName("changeSecretAccess").variable("input", Map.of("secretId", secretId,
                    "rules", List.of(Map.of("id", "bad", "type", "MEMBER_TITLE_MATCHES", "pattern", "re:(unclosed"))))
                    .execute().errors().satisfy(errors -> {
                        assertCode(errors, "VALIDATION");
                        assertThat(errors.get(0).getExtensions()).containsEntry("field", "rules[0].pattern");
                    });
        } finally {
            restrictToAssignedUsers(false);
        }
    }

    @Test
    void revokingAMembersAccessToATicketTakesEffectForTheVeryNextReveal() {
        String secretId = createSecret(owner, createApiKeyTemplate(owner), "on-ticket-" + UUID.randomUUID(), "sk_t");
        String memberId = owner.documentName("addMember").variable("input", Map.of(
                        "email", "agent-" + UUID.randomUUID() + "@demo.local", "permissions", List.of("VIEW_ASSIGNED")))
                .execute().path("addMember.member.id").entity(String.class).get();
        HttpGraphQlTester agent = signIn(memberId);
        String ticketId = owner.documentName("registerTicket").variable("input", Map.of("reference", "HD-1042",
                        "contactIds", List.of("contact-acme"), "memberIds", List.of(memberId))).execute()
                .path("registerTicket.ticketId").entity(String.class).get();
        owner.documentName("changeSecretAccess").variable("input", Map.of("secretId", secretId, "rules",
                List.of(Map.of("id", "on-ticket", "type", "CAN_ACCESS_CURRENT_TICKET")))).execute();

        restrictToAssignedUsers(true);
        try {
            Map<String, Object> onTicket = Map.of("secretId", secretId, "fieldKey", "token", "ticketId", ticketId);
            agent.documentName("revealSecretField").variable("input", onTicket).execute()
                    .path("revealSecretField.grant").entity(String.class).isEqualTo("rule:on-ticket");
            agent.documentName("revealSecretField").variable("input", Map.of("secretId", secretId, "fieldKey", "token"))
                    .execute().errors().satisfy(errors -> assertCode(errors, "FORBIDDEN"));

            owner.documentName("updateTicket").variable("input", Map.of("ticketId", ticketId, "memberIds", List.of()))
                    .execute().path("updateTicket.ticketId").entity(String.class).isEqualTo(ticketId);
            long before = storedEvents();
            agent.documentName("revealSecretField").variable("input", onTicket).execute().errors()
                    .satisfy(errors -> assertCode(errors, "FORBIDDEN"));
            assertThat(storedEvents()).as("the refusal alone, recorded for the audit trail").isEqualTo(before + 1);
        } finally {
            restrictToAssignedUsers(false);
        }
    }

    private void assertRevealGrant(HttpGraphQlTester member, String secretId, String grant) {
        member.documentName("revealSecretField").variable("input", Map.of("secretId", secretId, "fieldKey", "token"))
                .execute().path("revealSecretField.grant").entity(String.class).isEqualTo(grant);
    }

    private void restrictToAssignedUsers(boolean restrict) {
        owner.documentName("changeWorkspaceSettings").variable("input", Map.of("clientSecretsEnabled", true,
                        "restrictToAssignedUsers", restrict, "requireEmailVerification", false)).execute()
                .path("changeWorkspaceSettings.workspace.settings.restrictToAssignedUsers").entity(Boolean.class)
                .isEqualTo(restrict);
    }

    @Test
    void aSubscriberWhoIsRemovedReceivesNoFurtherChange() throws Exception {
        String secretId = createSecret(owner, createApiKeyTemplate(owner), "watched-" + UUID.randomUUID(), "sk_w");
        String memberId = addMember("watcher-" + UUID.randomUUID() + "@demo.local", "EDITOR");
        String memberToken = owner.documentName("issueMemberToken").variable("memberId", memberId)
                .variable("lifetimeMinutes", 30).execute().path("issueMemberToken.token").entity(String.class).get();
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        Disposable subscription = webSocket(memberToken)
                .document("subscription { secretChanged(id: \"" + secretId + "\") { version description } }")
                .executeSubscription().toFlux("secretChanged", Map.class)
                .subscribe(received::add, received::add);
        try {
            assertThat(received.poll(20, TimeUnit.SECONDS)).isInstanceOf(Map.class);
            owner.documentName("removeMember").variable("memberId", memberId).execute()
                    .path("removeMember.memberId").entity(String.class).isEqualTo(memberId);
            owner.documentName("updateSecret").variable("input", Map.of("id", secretId, "expectedVersion", 0,
                    "description", "changed after the removal")).execute()
                    .path("updateSecret.secret.version").entity(Integer.class).isEqualTo(1);
            Object next = received.poll(20, TimeUnit.SECONDS);
            assertThat(next).isInstanceOf(Throwable.class);
            assertThat(String.valueOf(next)).doesNotContain("changed after the removal").contains("FORBIDDEN");
        } finally {
            subscription.dispose();
        }
    }

    @Test
    void theLastOwnerStaysAndEmailsAreUnique() {
        owner.documentName("removeMember").variable("memberId", demo.ownerMemberId()).execute().errors()
                .satisfy(errors -> {
                    assertCode(errors, "VALIDATION");
                    assertThat(errors.get(0).getExtensions()).containsEntry("field", "memberId");
                });
        owner.documentName("addMember").variable("input", Map.of("email", demo.ownerEmail(), "role", "ADMIN"))
                .execute().errors().satisfy(errors -> {
                    assertCode(errors, "CONFLICT");
                    assertThat(errors.get(0).getExtensions()).containsEntry("field", "email");
                });
    }

    @Test
    void anOwnerChangesTheWorkspaceControls() {
        owner.documentName("changeWorkspaceSettings").variable("input", Map.of("clientSecretsEnabled", true,
                        "restrictToAssignedUsers", true, "requireEmailVerification", false)).execute()
                .path("changeWorkspaceSettings.workspace.settings.restrictToAssignedUsers").entity(Boolean.class)
                .isEqualTo(true);
        owner.documentName("changeWorkspaceSettings").variable("input", Map.of("clientSecretsEnabled", true,
                        "restrictToAssignedUsers", false, "requireEmailVerification", false)).execute()
                .path("changeWorkspaceSettings.workspace.settings.restrictToAssignedUsers").entity(Boolean.class)
                .isEqualTo(false);
    }

    @Test
    void anIssuedTokenIsRecordedByIdButNeverStored() {
        String memberId = addMember("token-" + UUID.randomUUID() + "@demo.local", "EDITOR");
        var issued = owner.documentName("issueMemberToken").variable("memberId", memberId)
                .variable("lifetimeMinutes", 5).execute();
        String token = issued.path("issueMemberToken.token").entity(String.class).get();
        String tokenId = issued.path("issueMemberToken.tokenId").entity(String.class).get();
        List<String> events = Storage.eventPayloads(eventStore);
        assertThat(events).anyMatch(event -> event.contains("MemberTokenIssued") && event.contains(tokenId));
        assertThat(events).noneMatch(event -> event.contains(token));
        owner.documentName("issueMemberToken").variable("memberId", memberId).variable("lifetimeMinutes", 0)
                .execute().errors().satisfy(errors -> assertCode(errors, "VALIDATION"));
    }

    private static void assertCode(List<ResponseError> errors, String code) {
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).getExtensions()).containsEntry("code", code);
    }
}
