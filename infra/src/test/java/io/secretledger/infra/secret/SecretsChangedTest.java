package io.secretledger.infra.secret;

import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.SecretSteps;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import reactor.core.Disposable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * `secretsChanged` over graphql-transport-ws (issue 22, the console's live lists): a member without an all-secrets
 * permission, in a workspace that restricts secrets to their assignees, is told of each change of a secret assigned
 * to them, its deletion included, never of a reveal (which no list shows) and never of a change of a secret they may
 * not see.
 */
class SecretsChangedTest extends LiveApplicationTest {

    private static final String WATCH = "subscription { secretsChanged { id description deleted revealCount } }";

    @Test
    void aMemberIsToldOfEachChangeOfASecretTheyMaySeeAndOfNoOther() throws Exception {
        // A workspace of its own that restricts secrets to the members assigned to them (the demo workspace lets
        // every member see every secret, and other tests share it).
        Demo workspace = newWorkspace("Watched");
        String workspaceId = workspace.workspaceId();
        HttpGraphQlTester owner = http(ownerToken(workspace, 10));
        owner.documentName("changeWorkspaceSettings").variable("input", Map.of("clientSecretsEnabled", true,
                        "restrictToAssignedUsers", true, "requireEmailVerification", false)).execute()
                .path("changeWorkspaceSettings.workspace.settings.restrictToAssignedUsers").entity(Boolean.class)
                .isEqualTo(true);
        String templateId = SecretSteps.createApiKeyTemplate(owner);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String email = "watcher-" + suffix + "@demo.local";
        String memberId = owner.documentName("addMember").variable("input", Map.of("email", email,
                "permissions", List.of("VIEW_ASSIGNED"))).execute().path("addMember.member.id")
                .entity(String.class).get();
        String hidden = SecretSteps.createSecret(owner, templateId, "watch-hidden-" + suffix, "sk_hidden_" + suffix);
        String visible = SecretSteps.createSecret(owner, templateId, "watch-visible-" + suffix, "sk_seen_" + suffix);
        owner.documentName("changeSecretAccess").variable("input", Map.of("secretId", visible,
                "assignedMemberIds", List.of(memberId))).execute().path("changeSecretAccess.secretId").hasValue();

        String memberToken = tokens.mint(workspaceId, memberId, email, Duration.ofMinutes(10));
        HttpGraphQlTester member = http(memberToken);
        // What the member may see: the assigned secret, not the one nobody assigned them.
        member.documentName("secret").variable("id", hidden).execute().path("secret").valueIsNull();
        member.documentName("secret").variable("id", visible).execute().path("secret.id").entity(String.class)
                .isEqualTo(visible);

        BlockingQueue<Object> pushed = new LinkedBlockingQueue<>();
        Disposable watch = webSocket(memberToken)
                .document(WATCH).executeSubscription().toFlux("secretsChanged", Map.class)
                .subscribe(pushed::add, pushed::add);
        try {
            // The subscription sends nothing first: changes are made until the first one arrives.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                describe(owner, visible, "warming " + UUID.randomUUID());
                return !pushed.isEmpty();
            });
            // Made in this order, so a push of the hidden change would come before the visible one's.
            describe(owner, hidden, "hidden change " + suffix);
            // A reveal changes only the count, which no list shows: it is not sent.
            owner.document("mutation($id: ID!) { revealSecretField(input: {secretId: $id, fieldKey: \"token\"}) "
                    + "{ fieldKey } }").variable("id", visible).execute().path("revealSecretField.fieldKey")
                    .entity(String.class).isEqualTo("token");
            describe(owner, visible, "seen change " + suffix);
            List<Map<?, ?>> received = until(pushed, item -> ("seen change " + suffix).equals(item.get("description")));
            assertThat(received).allSatisfy(item -> assertThat(item.get("id")).isEqualTo(visible));
            assertThat(received.subList(0, received.size() - 1))
                    .allSatisfy(item -> assertThat(item.get("revealCount")).isEqualTo(0));
            assertThat(received.get(received.size() - 1).get("revealCount")).isEqualTo(1);

            owner.documentName("deleteSecret").variable("secretId", visible).execute()
                    .path("deleteSecret.secret.id").entity(String.class).isEqualTo(visible);
            assertThat(until(pushed, item -> Boolean.TRUE.equals(item.get("deleted"))))
                    .allSatisfy(item -> assertThat(item.get("id")).isEqualTo(visible));
        } finally {
            watch.dispose();
        }
    }

    /** What was pushed up to and including the first item that matches; fails after 20 s without one. */
    private static List<Map<?, ?>> until(BlockingQueue<Object> pushed, java.util.function.Predicate<Map<?, ?>> last)
            throws InterruptedException {
        List<Map<?, ?>> items = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Object item = pushed.poll(1, TimeUnit.SECONDS);
            if (item == null) {
                continue;
            }
            assertThat(item).as("a change, not an error").isInstanceOf(Map.class);
            items.add((Map<?, ?>) item);
            if (last.test((Map<?, ?>) item)) {
                return items;
            }
        }
        throw new AssertionError("No matching change within 20 s; received " + items);
    }

    private static void describe(HttpGraphQlTester owner, String secretId, String description) {
        int version = owner.documentName("secret").variable("id", secretId).execute().path("secret.version")
                .entity(Integer.class).get();
        owner.documentName("updateSecret").variable("input", Map.of("id", secretId, "expectedVersion", version,
                "description", description)).execute().path("updateSecret.secret.id").entity(String.class)
                .isEqualTo(secretId);
    }
}
