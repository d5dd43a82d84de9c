package io.secretledger.infra.audit;

import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.SecretSteps;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * whoCouldReveal answers from replayed workspace, secret and ticket events: a history of settings, assignment,
 * rule, ticket and membership changes, asked about at several instants.
 */
class WhoCouldRevealTest extends LiveApplicationTest {

    @Test
    void canNameEveryMemberWhoCouldHaveRevealedASecretAtEachInstantWithTheGrant() throws Exception {
        HttpGraphQlTester owner = asOwner();
        String agent = addMember(owner, "agent", List.of("VIEW_ASSIGNED"), null);
        String analyst = addMember(owner, "analyst", List.of("VIEW_ASSIGNED"), "Security analyst");
        String helper = addMember(owner, "helper", List.of("VIEW_ASSIGNED"), null);
        String secretId = SecretSteps.createSecret(owner, SecretSteps.createApiKeyTemplate(owner),
                "who-" + UUID.randomUUID(), "sk_" + UUID.randomUUID());
        Instant open = tick();
        settings(owner, true);
        String ticketId = owner.documentName("registerTicket").variable("input", Map.of("reference",
                        "T-" + UUID.randomUUID(), "contactIds", List.of(), "memberIds", List.of(agent, helper)))
                .execute().path("registerTicket.ticketId").entity(String.class).get();
        try {
            Instant restricted = tick();
            owner.documentName("changeSecretAccess").variable("input", Map.of("secretId", secretId,
                    "assignedMemberIds", List.of(agent),
                    "rules", List.of(Map.of("id", "analysts", "type", "MEMBER_TITLE_MATCHES", "pattern", "security*"),
                            Map.of("id", "on-ticket", "type", "CAN_ACCESS_CURRENT_TICKET"))))
                    .execute().path("changeSecretAccess.secretId").hasValue();
            Instant assigned = tick();
            owner.documentName("removeMember").variable("memberId", agent).execute()
                    .path("removeMember.memberId").hasValue();
            Instant removed = tick();

            assertThat(revealers(owner, secretId, open, null)).containsEntry(demo.ownerMemberId(),
                    "permission:ACCOUNT_OWNER").containsEntry(agent, "workspace:unrestricted")
                    .containsEntry(analyst, "workspace:unrestricted");
            assertThat(revealers(owner, secretId, restricted, null)).containsKey(demo.ownerMemberId())
                    .doesNotContainKeys(agent, analyst);
            assertThat(revealers(owner, secretId, assigned, null)).containsEntry(agent, "assignment")
                    .containsEntry(analyst, "rule:analysts");
            assertThat(revealers(owner, secretId, removed, null)).doesNotContainKey(agent)
                    .containsEntry(analyst, "rule:analysts");
            assertThat(revealers(owner, secretId, assigned, null)).doesNotContainKey(helper);
            assertThat(revealers(owner, secretId, assigned, ticketId)).containsEntry(helper, "rule:on-ticket");
            assertThat(revealers(owner, secretId, restricted, ticketId)).as("no ticket rule yet then")
                    .doesNotContainKey(helper);

            owner.documentName("whoCouldReveal").variable("secretId", secretId)
                    .variable("at", open.minusSeconds(3600).toString()).execute().errors().expect(error ->
                            "VALIDATION".equals(error.getExtensions().get("code"))
                                    && "at".equals(error.getExtensions().get("field"))).verify();
            http(tokens.mint(demo.workspaceId(), analyst, "analyst@example.com", java.time.Duration.ofMinutes(5)))
                    .documentName("whoCouldReveal").variable("secretId", secretId).variable("at", open.toString())
                    .execute().errors().expect(error -> "NOT_FOUND".equals(error.getExtensions().get("code"))).verify();
        } finally {
            settings(owner, false);
        }
    }

    private Map<String, String> revealers(HttpGraphQlTester owner, String secretId, Instant at, String ticketId) {
        List<Map<String, Object>> members = owner.documentName("whoCouldReveal").variable("secretId", secretId)
                .variable("at", at.toString()).variable("ticketId", ticketId).execute()
                .path("whoCouldReveal.members").entityList(new ParameterizedTypeReference<Map<String, Object>>() {
                }).get();
        return members.stream().collect(Collectors.toMap(m -> (String) m.get("memberId"), m -> (String) m.get("grant")));
    }

    private static String addMember(HttpGraphQlTester owner, String name, List<String> permissions, String title) {
        Map<String, Object> input = new java.util.HashMap<>(Map.of("email", name + "-" + UUID.randomUUID() + "@example.com",
                "permissions", permissions));
        if (title != null) {
            input.put("title", title);
        }
        return owner.documentName("addMember").variable("input", input).execute()
                .path("addMember.member.id").entity(String.class).get();
    }

    private static void settings(HttpGraphQlTester owner, boolean restrict) {
        owner.documentName("changeWorkspaceSettings").variable("input", Map.of("clientSecretsEnabled", true,
                "restrictToAssignedUsers", restrict, "requireEmailVerification", false)).execute();
    }

    /** An instant strictly between the change before and the change after. */
    private static Instant tick() throws InterruptedException {
        Thread.sleep(5);
        Instant now = Instant.now();
        Thread.sleep(5);
        return now;
    }
}
