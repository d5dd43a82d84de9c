package io.secretledger.infra.battery;

import io.secretledger.api.workspace.CreateWorkspace;
import io.secretledger.infra.support.Canaries;
import io.secretledger.infra.support.LiveApplicationTest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import reactor.core.Disposable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.secretledger.infra.battery.CrossWorkspaceProbes.mutation;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Battery (issue 8, item 5): the owner of another workspace tries every operation with every id of this one -
 * secret, template, ticket, member, service account and token, integration, file - over GraphQL, HTTP and
 * WebSocket: nothing of this workspace comes back and no event is appended. Then every member of every role tries
 * every role and permission change: no one gains a permission they did not have.
 */
class TwoWorkspacesTest extends LiveApplicationTest {

    @Autowired
    private CommandGateway commands;

    @Test
    void canKeepEveryIdOfOneWorkspaceFromTheOwnerOfAnother() throws Exception {
        HttpGraphQlTester owner = asOwner();
        String canary = Canaries.plant("two-workspaces");
        CrossWorkspaceProbes.Planted planted = CrossWorkspaceProbes.plant(owner, canary);
        String secretId = planted.secretId();

        String strangerWorkspace = UUID.randomUUID().toString();
        String strangerId = UUID.randomUUID().toString();
        commands.sendAndWait(new CreateWorkspace(strangerWorkspace, "Theirs", strangerId, "them@example.com"));
        String strangerToken = tokens.mint(strangerWorkspace, strangerId, "them@example.com", Duration.ofMinutes(10));
        HttpGraphQlTester stranger = http(strangerToken);
        List<String> ours = planted.ours(demo.ownerEmail(), demo.workspaceId());
        long events = storedEvents();

        CrossWorkspaceProbes.assertNothingOf(new CrossWorkspaceProbes.Caller(port, strangerToken, null, json),
                planted.ids(demo.ownerMemberId(), strangerId), ours, json);

        assertThat(storedEvents()).as("no event appended by the other workspace's owner").isEqualTo(events);
        owner.documentName("secret").variable("id", secretId).execute().path("secret.name").entity(String.class)
                .isEqualTo(planted.secretName());
    }

    @Test
    void canLetNoRoleRaiseItsOwnPermissions() throws Exception {
        HttpGraphQlTester owner = asOwner();
        Map<String, Object> grants = new LinkedHashMap<>();
        grants.put("ADMIN", Map.of("role", "ADMIN"));
        grants.put("EDITOR", Map.of("role", "EDITOR"));
        grants.put("MODIFY_ASSIGNED", Map.of("permissions", List.of("VIEW_ASSIGNED", "MODIFY_ASSIGNED")));
        grants.put("VIEW_ASSIGNED", Map.of("permissions", List.of("VIEW_ASSIGNED")));
        Map<String, String> members = new LinkedHashMap<>();
        for (Map.Entry<String, Object> grant : grants.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> input = new LinkedHashMap<>((Map<String, Object>) grant.getValue());
            String email = grant.getKey().toLowerCase() + "-" + UUID.randomUUID() + "@demo.local";
            input.put("email", email);
            members.put(email, owner.documentName("addMember").variable("input", input).execute()
                    .path("addMember.member.id").entity(String.class).get());
        }
        Map<String, List<String>> before = permissions(owner);
        long events = storedEvents();

        for (Map.Entry<String, String> member : members.entrySet()) {
            String token = tokens.mint(demo.workspaceId(), member.getValue(), member.getKey(), Duration.ofMinutes(10));
            String self = member.getValue();
            List<String> attempts = new ArrayList<>();
            for (String role : List.of("OWNER", "ADMIN", "EDITOR")) {
                attempts.add(mutation("changeMemberPermissions", "memberId: \"" + self + "\", role: " + role,
                        "member { id }"));
                attempts.add(mutation("addMember", "email: \"new-" + UUID.randomUUID() + "@demo.local\", role: "
                        + role, "member { id }"));
            }
            for (String permission : List.of("ACCOUNT_OWNER", "MODIFY_ALL", "VIEW_ALL")) {
                attempts.add(mutation("changeMemberPermissions", "memberId: \"" + self + "\", permissions: ["
                        + permission + "]", "member { id }"));
            }
            attempts.add(mutation("issueMemberToken", "memberId: \"" + demo.ownerMemberId() + "\"", "token"));
            attempts.add(mutation("createServiceAccount", "name: \"sa-" + UUID.randomUUID()
                    + "\", scopes: [USE_SECRETS, TICKETS]", "serviceAccount { id }"));
            attempts.add(mutation("changeWorkspaceSettings", "clientSecretsEnabled: true, "
                    + "restrictToAssignedUsers: false, requireEmailVerification: false", "workspace { id }"));
            attempts.add(mutation("removeMember", "memberId: \"" + demo.ownerMemberId() + "\"", "memberId"));
            for (String attempt : attempts) {
                HttpResponse<String> answer = new CrossWorkspaceProbes.Caller(port, token, null, json)
                        .post(attempt);
                assertThat(answer.body()).as(member.getKey() + ": " + attempt).contains("\"FORBIDDEN\"")
                        .doesNotContain("\"token\":\"ey");
            }
        }

        assertThat(permissions(owner)).as("every member's permissions as they were").isEqualTo(before);
        assertThat(storedEvents()).as("nothing changed").isEqualTo(events);
    }

    private Map<String, List<String>> permissions(HttpGraphQlTester owner) {
        Map<String, List<String>> permissions = new LinkedHashMap<>();
        for (Map<?, ?> member : owner.document("{ workspace { members { id permissions } } }").execute()
                .path("workspace.members").entityList(Map.class).get()) {
            permissions.put((String) member.get("id"), ((List<?>) member.get("permissions")).stream()
                    .map(String::valueOf).sorted().toList());
        }
        return permissions;
    }
}
