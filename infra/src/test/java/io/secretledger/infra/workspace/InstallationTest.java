package io.secretledger.infra.workspace;

import io.secretledger.infra.support.LiveApplicationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.secretledger.infra.support.SecretSteps.createApiKeyTemplate;
import static io.secretledger.infra.support.SecretSteps.createSecret;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An installation's operator creates, lists, renames, suspends and resumes workspaces over GraphQL (issue 19, item
 * 1); a suspended workspace answers FORBIDDEN to its members over HTTP and WebSocket and keeps its data.
 */
class InstallationTest extends LiveApplicationTest {

    private HttpGraphQlTester operator;

    @BeforeEach
    void signInAsOperator() {
        operator = http(tokens.mintOperatorOnly("op-" + UUID.randomUUID(), "ops@msp.test", Duration.ofMinutes(10)));
    }

    private Map<String, Object> createWorkspace(String name, String ownerEmail) {
        return operator.documentName("createWorkspace").variable("input", Map.of("name", name, "ownerEmail", ownerEmail))
                .execute().path("createWorkspace").entity(Map.class).get();
    }

    @SuppressWarnings("unchecked")
    private static String workspaceId(Map<String, Object> created) {
        return (String) ((Map<String, Object>) created.get("workspace")).get("id");
    }

    @Test
    void anOperatorCreatesAWorkspaceWhoseOwnerThenWorksInIt() {
        String email = "owner-" + UUID.randomUUID() + "@acme.test";
        String name = "Acme helpdesk " + UUID.randomUUID();
        operator.documentName("me").execute().path("me.type").entity(String.class).isEqualTo("OPERATOR")
                .path("me.workspaceId").valueIsNull();
        Map<String, Object> created = createWorkspace("  " + name + " ", email);
        assertThat(created.get("workspace")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("name", name).containsEntry("suspended", false).containsEntry("memberCount", 1)
                .containsEntry("ownerEmails", List.of(email));
        String workspaceId = workspaceId(created);
        String ownerMemberId = (String) created.get("ownerMemberId");

        HttpGraphQlTester owner = http(tokens.mint(workspaceId, ownerMemberId, email, Duration.ofMinutes(10)));
        owner.documentName("workspace").execute().path("workspace.name").entity(String.class).isEqualTo(name)
                .path("workspace.members[0].permissions").entityList(String.class).containsExactly("ACCOUNT_OWNER");
        String secretId = createSecret(owner, createApiKeyTemplate(owner), "acme-api", "sk_acme_1");
        owner.documentName("revealSecretField").variable("input", Map.of("secretId", secretId, "fieldKey", "token"))
                .execute().path("revealSecretField.value").entity(String.class).isEqualTo("sk_acme_1");
        asOwner().documentName("secret").variable("id", secretId).execute().path("secret").valueIsNull();
    }

    @Test
    void anOperatorListsWorkspacesByNamePageByPage() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        for (String letter : List.of("c", "a", "b")) {
            createWorkspace("Listed " + tag + " " + letter, letter + "@" + tag + ".test");
        }
        String cursor = operator.documentName("workspaces").variable("first", 2).variable("search", "LISTED " + tag)
                .execute().path("workspaces.edges[*].node.name").entityList(String.class)
                .containsExactly("Listed " + tag + " a", "Listed " + tag + " b")
                .path("workspaces.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true)
                .path("workspaces.pageInfo.endCursor").entity(String.class).get();
        operator.documentName("workspaces").variable("first", 2).variable("search", "listed " + tag)
                .variable("after", cursor).execute()
                .path("workspaces.edges[*].node.name").entityList(String.class).containsExactly("Listed " + tag + " c")
                .path("workspaces.edges[0].node.ownerEmails").entityList(String.class).containsExactly("c@" + tag + ".test")
                .path("workspaces.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(false);
    }

    @Test
    void onlyOperatorsManageWorkspacesAndAnOperatorsTokenIsNoMembersToken() {
        HttpGraphQlTester member = asOwner();
        member.documentName("createWorkspace").variable("input", Map.of("name", "Mine", "ownerEmail", "me@x.test"))
                .execute().errors().satisfy(errors -> assertCode(errors, "FORBIDDEN"));
        member.documentName("workspaces").execute().errors().satisfy(errors -> assertCode(errors, "FORBIDDEN"));
        member.documentName("suspendWorkspace").variable("input", Map.of("workspaceId", demo.workspaceId(),
                "reason", "no")).execute().errors().satisfy(errors -> assertCode(errors, "FORBIDDEN"));
        operator.documentName("secrets").execute().errors().satisfy(errors -> assertCode(errors, "FORBIDDEN"));
        operator.documentName("workspace").execute().errors().satisfy(errors -> assertCode(errors, "FORBIDDEN"));
    }

    @Test
    void badInputIsRefusedFieldByFieldAndNothingIsStored() {
        long before = storedEvents();
        operator.documentName("createWorkspace").variable("input", Map.of("name", " ", "ownerEmail", "not-an-address"))
                .execute().errors().satisfy(errors -> assertThat(errors).extracting(
                        error -> error.getExtensions().get("code") + " " + error.getExtensions().get("field"))
                        .containsExactly("VALIDATION name", "VALIDATION ownerEmail"));
        operator.documentName("createWorkspace").variable("input", Map.of("name", "x".repeat(201),
                "ownerEmail", "a@b.test")).execute().errors().satisfy(errors -> assertCode(errors, "VALIDATION"));
        String name = "Bad input " + UUID.randomUUID();
        String workspaceId = workspaceId(createWorkspace(name, "o@bad.test"));
        long afterCreate = storedEvents();
        assertThat(afterCreate).as("the workspace and its owner's invitation").isEqualTo(before + 2);
        operator.documentName("createWorkspace").variable("input", Map.of("name", " " + name.toUpperCase() + " ",
                "ownerEmail", "a@b.test")).execute().errors().satisfy(errors -> assertCode(errors, "VALIDATION"));
        String other = workspaceId(createWorkspace("Other of " + name, "o@bad.test"));
        afterCreate = storedEvents();
        operator.documentName("renameWorkspace").variable("input", Map.of("workspaceId", other, "name", name))
                .execute().errors().satisfy(errors -> assertThat(errors.get(0).getExtensions())
                        .containsEntry("code", "VALIDATION").containsEntry("field", "name"));
        operator.documentName("renameWorkspace").variable("input", Map.of("workspaceId", workspaceId, "name", ""))
                .execute().errors().satisfy(errors -> assertCode(errors, "VALIDATION"));
        operator.documentName("suspendWorkspace").variable("input", Map.of("workspaceId", workspaceId))
                .execute().errors().satisfy(errors -> assertCode(errors, "VALIDATION"));
        operator.documentName("resumeWorkspace").variable("input", Map.of("workspaceId", workspaceId))
                .execute().errors().satisfy(errors -> assertCode(errors, "CONFLICT"));
        operator.documentName("renameWorkspace").variable("input", Map.of("workspaceId", UUID.randomUUID().toString(),
                "name", "Nobody's")).execute().errors().satisfy(errors -> assertCode(errors, "NOT_FOUND"));
        assertThat(storedEvents()).isEqualTo(afterCreate);
    }

    @Test
    void aSuspendedWorkspaceRefusesItsMembersEverywhereKeepsItsDataAndResumes() throws Exception {
        String email = "owner-" + UUID.randomUUID() + "@suspended.test";
        Map<String, Object> created = createWorkspace("Suspended " + UUID.randomUUID(), email);
        String workspaceId = workspaceId(created);
        String ownerToken = tokens.mint(workspaceId, (String) created.get("ownerMemberId"), email, Duration.ofMinutes(10));
        HttpGraphQlTester owner = http(ownerToken);
        String secretId = createSecret(owner, createApiKeyTemplate(owner), "kept-" + UUID.randomUUID(), "sk_kept");
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        var subscription = webSocket(ownerToken)
                .document("subscription { secretChanged(id: \"" + secretId + "\") { version description } }")
                .executeSubscription().toFlux("secretChanged", Map.class)
                .subscribe(received::add, received::add);
        try {
            assertThat(received.poll(20, TimeUnit.SECONDS)).isInstanceOf(Map.class);

            operator.documentName("renameWorkspace").variable("input", Map.of("workspaceId", workspaceId,
                    "name", "Renamed before the suspension")).execute()
                    .path("renameWorkspace.workspace.name").entity(String.class).isEqualTo("Renamed before the suspension");
            operator.documentName("suspendWorkspace").variable("input", Map.of("workspaceId", workspaceId,
                    "reason", "Contract ended")).execute()
                    .path("suspendWorkspace.workspace.suspended").entity(Boolean.class).isEqualTo(true)
                    .path("suspendWorkspace.workspace.suspendedReason").entity(String.class).isEqualTo("Contract ended");
            Object ended = received.poll(20, TimeUnit.SECONDS);
            assertThat(ended).as("the open subscription ends at the suspension, with no update of its secret")
                    .isInstanceOf(Throwable.class);
            assertThat(ended.toString()).contains("suspended");

            owner.documentName("revealSecretField").variable("input", Map.of("secretId", secretId, "fieldKey", "token"))
                    .execute().errors().satisfy(errors -> assertCode(errors, "FORBIDDEN"));
            owner.documentName("secrets").execute().errors().satisfy(errors -> assertCode(errors, "FORBIDDEN"));
            owner.documentName("workspace").execute().errors().satisfy(errors -> assertCode(errors, "FORBIDDEN"));
            owner.documentName("addMember").variable("input", Map.of("email", "late@suspended.test", "role", "EDITOR"))
                    .execute().errors().satisfy(errors -> assertCode(errors, "FORBIDDEN"));
            assertThat(get("/audit/export", ownerToken).statusCode()).isEqualTo(403);
            assertThat(webSocket(ownerToken).document("subscription { secretChanged(id: \"" + secretId
                            + "\") { version } }").executeSubscription().toFlux("secretChanged", Map.class)
                    .onErrorResume(e -> reactor.core.publisher.Flux.just(Map.of("error", String.valueOf(e))))
                    .blockFirst(Duration.ofSeconds(20)).toString()).contains("FORBIDDEN");
            operator.documentName("workspaces").variable("search", "Renamed before the suspension").execute()
                    .path("workspaces.edges[0].node.suspended").entity(Boolean.class).isEqualTo(true);

            operator.documentName("resumeWorkspace").variable("input", Map.of("workspaceId", workspaceId)).execute()
                    .path("resumeWorkspace.workspace.suspended").entity(Boolean.class).isEqualTo(false);
            owner.documentName("revealSecretField").variable("input", Map.of("secretId", secretId, "fieldKey", "token"))
                    .execute().path("revealSecretField.value").entity(String.class).isEqualTo("sk_kept");
            String operatorId = operatorId();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    owner.documentName("auditLog").variable("first", 50)
                            .variable("filter", Map.of("actorId", operatorId)).execute()
                            .path("auditLog.edges[*].node.action").entityList(String.class).containsExactly(
                                    "WorkspaceCreated", "MemberInvited", "WorkspaceRenamed", "WorkspaceSuspended",
                                    "WorkspaceResumed"));
        } finally {
            subscription.dispose();
        }
    }

    private String operatorId() {
        return operator.documentName("me").execute().path("me.memberId").entity(String.class).get();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertCode(List<ResponseError> errors, String code) {
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).getExtensions()).containsEntry("code", code);
    }
}
