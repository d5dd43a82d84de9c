package io.secretledger.infra.audit;

import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.SecretSteps;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import reactor.core.Disposable;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** auditLogAdded over graphql-transport-ws: filtered, owners only, and ended when the subscriber is removed. */
class AuditSubscriptionTest extends LiveApplicationTest {

    private static final String WATCH = """
            subscription($filter: AuditFilterInput) { auditLogAdded(filter: $filter) { position action targetId actor { id } } }""";

    @Test
    void canWatchNewEntriesAndStopsReceivingOnceRemovedFromTheWorkspace() throws Exception {
        HttpGraphQlTester owner = asOwner();
        String auditorId = owner.documentName("addMember").variable("input", Map.of("email",
                        "auditor-" + UUID.randomUUID() + "@example.com", "permissions", List.of("ACCOUNT_OWNER")))
                .execute().path("addMember.member.id").entity(String.class).get();
        String auditorToken = tokens.mint(demo.workspaceId(), auditorId, "auditor@example.com", Duration.ofMinutes(5));
        BlockingQueue<Object> created = new LinkedBlockingQueue<>();
        BlockingQueue<Object> everything = new LinkedBlockingQueue<>();
        Disposable ownerWatch = webSocket(ownerToken()).document(WATCH)
                .variable("filter", Map.of("action", "SecretCreated")).executeSubscription()
                .toFlux("auditLogAdded", Map.class).subscribe(created::add, created::add);
        Disposable auditorWatch = webSocket(auditorToken).document(WATCH).executeSubscription()
                .toFlux("auditLogAdded", Map.class).subscribe(everything::add, everything::add);
        try {
            Thread.sleep(500);
            String secretId = SecretSteps.createSecret(owner, SecretSteps.createApiKeyTemplate(owner),
                    "watched-" + UUID.randomUUID(), "sk_" + UUID.randomUUID());

            Object pushed = created.poll(20, TimeUnit.SECONDS);
            assertThat(pushed).isInstanceOf(Map.class);
            assertThat(((Map<?, ?>) pushed).get("action")).isEqualTo("SecretCreated");
            assertThat(((Map<?, ?>) pushed).get("targetId")).isEqualTo(secretId);
            assertThat(created.poll(1, TimeUnit.SECONDS)).as("only what the filter keeps").isNull();
            assertThat(drainUntil(everything, "SecretCreated")).isTrue();

            owner.documentName("removeMember").variable("memberId", auditorId).execute()
                    .path("removeMember.memberId").hasValue();
            Object ended = drainUntilError(everything);
            assertThat(ended).as("the removed auditor's subscription ends with an error").isInstanceOf(Throwable.class);
            assertThat(ended.toString()).contains("FORBIDDEN");
            SecretSteps.createSecret(owner, SecretSteps.createApiKeyTemplate(owner), "after-" + UUID.randomUUID(),
                    "sk_" + UUID.randomUUID());
            assertThat(created.poll(20, TimeUnit.SECONDS)).as("the owner still receives").isInstanceOf(Map.class);
            assertThat(everything.poll(1, TimeUnit.SECONDS)).as("the removed auditor receives nothing more").isNull();
        } finally {
            ownerWatch.dispose();
            auditorWatch.dispose();
        }
    }

    @Test
    void cannotWatchTheLogWithoutOwningTheAccount() throws Exception {
        String memberId = asOwner().documentName("addMember").variable("input", Map.of("email",
                        "watcher-" + UUID.randomUUID() + "@example.com", "permissions", List.of("VIEW_ALL")))
                .execute().path("addMember.member.id").entity(String.class).get();
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        Disposable watch = webSocket(tokens.mint(demo.workspaceId(), memberId, "watcher@example.com",
                Duration.ofMinutes(5))).document(WATCH).executeSubscription().toFlux("auditLogAdded", Map.class)
                .subscribe(received::add, received::add);
        try {
            Object first = received.poll(20, TimeUnit.SECONDS);
            assertThat(first).isInstanceOf(Throwable.class);
            assertThat(first.toString()).contains("FORBIDDEN");
        } finally {
            watch.dispose();
        }
    }

    private static boolean drainUntil(BlockingQueue<Object> queue, String action) throws InterruptedException {
        for (Object item = queue.poll(20, TimeUnit.SECONDS); item != null; item = queue.poll(20, TimeUnit.SECONDS)) {
            if (item instanceof Map<?, ?> entry && action.equals(entry.get("action"))) {
                return true;
            }
        }
        return false;
    }

    private static Object drainUntilError(BlockingQueue<Object> queue) throws InterruptedException {
        for (Object item = queue.poll(20, TimeUnit.SECONDS); item != null; item = queue.poll(20, TimeUnit.SECONDS)) {
            if (item instanceof Throwable) {
                return item;
            }
        }
        return null;
    }
}
