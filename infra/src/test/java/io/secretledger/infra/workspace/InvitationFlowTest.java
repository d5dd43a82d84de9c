package io.secretledger.infra.workspace;

import io.secretledger.infra.support.Canaries;
import io.secretledger.infra.support.DevMailbox;
import io.secretledger.infra.support.LiveApplicationTest;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.ResponseError;
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
 * Invitations by e-mail over GraphQL and SMTP (issue 19, item 2): the mailed token works once, is revocable, is never
 * shown to the owner nor stored, and a new workspace's first owner signs in by accepting theirs.
 */
class InvitationFlowTest extends LiveApplicationTest {

    private static final Pattern TOKEN = Pattern.compile("slinv\\.[0-9a-f-]{36}\\.[0-9a-f-]{36}\\.[A-Za-z0-9_-]{43}");

    private String mailedToken(String email) {
        String reader = tokens.mint(demo.workspaceId(), "mail-" + UUID.randomUUID(), email, Duration.ofMinutes(5));
        String[] found = new String[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (Map<String, String> message : DevMailbox.messages(port, reader, json)) {
                Matcher token = TOKEN.matcher(message.get("text"));
                if (message.get("subject").startsWith("You are invited") && token.find()) {
                    found[0] = token.group();
                }
            }
            return found[0] != null;
        });
        Canaries.remember(found[0]);
        return found[0];
    }

    private HttpGraphQlTester anonymous() {
        return http(null);
    }

    @Test
    void anInvitedPersonAcceptsOnceAndWorksWithTheInvitedRole() {
        HttpGraphQlTester owner = asOwner();
        String email = "tech-" + UUID.randomUUID() + "@demo.local";
        var invited = owner.documentName("inviteMember").variable("input", Map.of("email", email, "role", "EDITOR",
                "title", "Technician", "division", "EMEA", "expiresInHours", 24)).execute();
        invited.path("inviteMember.invitation.permissions").entityList(String.class).containsExactly("VIEW_ALL")
                .path("inviteMember.invitation.invitedBy").entity(String.class).isEqualTo(demo.ownerEmail());
        String invitationId = invited.path("inviteMember.invitation.id").entity(String.class).get();
        owner.documentName("invitations").execute().path("workspace.invitations[*].id").entityList(String.class)
                .contains(invitationId);

        String token = mailedToken(email);
        assertThat(invited.path("inviteMember").entity(Map.class).get().toString()).doesNotContain(token);
        var accepted = anonymous().documentName("acceptInvitation").variable("token", token).execute();
        String memberId = accepted.path("acceptInvitation.memberId").entity(String.class).get();
        accepted.path("acceptInvitation.workspaceId").entity(String.class).isEqualTo(demo.workspaceId())
                .path("acceptInvitation.email").entity(String.class).isEqualTo(email);
        String memberToken = accepted.path("acceptInvitation.token").entity(String.class).get();
        Canaries.remember(memberToken);

        HttpGraphQlTester member = http(memberToken);
        member.documentName("me").execute().path("me.memberId").entity(String.class).isEqualTo(memberId);
        owner.documentName("workspace").execute()
                .path("workspace.members[?(@.email == '" + email + "')].title").entityList(String.class)
                .containsExactly("Technician");
        owner.documentName("invitations").execute().path("workspace.invitations[*].id").entityList(String.class)
                .doesNotContain(invitationId);

        long before = storedEvents();
        anonymous().documentName("acceptInvitation").variable("token", token).execute()
                .errors().satisfy(errors -> assertCode(errors, "NOT_FOUND", "token"));
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aRevokedInvitationAndAForgedTokenAcceptNothing() {
        HttpGraphQlTester owner = asOwner();
        String email = "revoked-" + UUID.randomUUID() + "@demo.local";
        String invitationId = owner.documentName("inviteMember").variable("input", Map.of("email", email,
                "role", "ADMIN")).execute().path("inviteMember.invitation.id").entity(String.class).get();
        String token = mailedToken(email);
        owner.documentName("revokeInvitation").variable("invitationId", invitationId).execute()
                .path("revokeInvitation.invitationId").entity(String.class).isEqualTo(invitationId);
        long before = storedEvents();
        anonymous().documentName("acceptInvitation").variable("token", token).execute()
                .errors().satisfy(errors -> assertCode(errors, "NOT_FOUND", "token"));
        String forged = token.substring(0, token.length() - 43) + "A".repeat(43);
        anonymous().documentName("acceptInvitation").variable("token", forged).execute()
                .errors().satisfy(errors -> assertCode(errors, "NOT_FOUND", "token"));
        anonymous().documentName("acceptInvitation").variable("token", "not-a-token").execute()
                .errors().satisfy(errors -> assertCode(errors, "NOT_FOUND", "token"));
        owner.documentName("revokeInvitation").variable("invitationId", invitationId).execute()
                .errors().satisfy(errors -> assertCode(errors, "NOT_FOUND", "invitationId"));
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void badInvitationsAreRefusedAndNothingIsStored() {
        HttpGraphQlTester owner = asOwner();
        long before = storedEvents();
        owner.documentName("inviteMember").variable("input", Map.of("email", "not-an-address")).execute()
                .errors().satisfy(errors -> assertCode(errors, "VALIDATION", "email"));
        owner.documentName("inviteMember").variable("input", Map.of("email", demo.ownerEmail())).execute()
                .errors().satisfy(errors -> assertCode(errors, "CONFLICT", "email"));
        owner.documentName("inviteMember").variable("input", Map.of("email", "late@demo.local", "expiresInHours", 721))
                .execute().errors().satisfy(errors -> assertCode(errors, "VALIDATION", "expiresInHours"));
        http(tokens.mintOperatorOnly("op-" + UUID.randomUUID(), null, Duration.ofMinutes(5)))
                .documentName("inviteMember").variable("input", Map.of("email", "x@demo.local")).execute()
                .errors().satisfy(errors -> assertCode(errors, "FORBIDDEN", null));
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aNewWorkspacesFirstOwnerSignsInByAcceptingTheMailedInvitation() {
        HttpGraphQlTester operator = http(tokens.mintOperatorOnly("op-" + UUID.randomUUID(), "ops@msp.test",
                Duration.ofMinutes(5)));
        String email = "first-owner-" + UUID.randomUUID() + "@northwind.test";
        var created = operator.documentName("createWorkspace").variable("input", Map.of("name", "Northwind",
                "ownerEmail", email)).execute();
        String workspaceId = created.path("createWorkspace.workspace.id").entity(String.class).get();
        String ownerMemberId = created.path("createWorkspace.ownerMemberId").entity(String.class).get();
        var accepted = anonymous().documentName("acceptInvitation").variable("token", mailedToken(email)).execute();
        accepted.path("acceptInvitation.workspaceId").entity(String.class).isEqualTo(workspaceId)
                .path("acceptInvitation.memberId").entity(String.class).isEqualTo(ownerMemberId);
        String ownerToken = accepted.path("acceptInvitation.token").entity(String.class).get();
        Canaries.remember(ownerToken);
        http(ownerToken).documentName("workspace").execute().path("workspace.name").entity(String.class)
                .isEqualTo("Northwind")
                .path("workspace.members[0].permissions").entityList(String.class).containsExactly("ACCOUNT_OWNER");
    }

    private static void assertCode(List<ResponseError> errors, String code, String field) {
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).getExtensions()).containsEntry("code", code);
        if (field != null) {
            assertThat(errors.get(0).getExtensions()).containsEntry("field", field);
        }
    }
}
