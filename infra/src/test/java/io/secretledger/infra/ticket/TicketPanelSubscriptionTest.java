package io.secretledger.infra.ticket;

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

/** A ticket's secret panel over graphql-transport-ws: pushed as it changes, masked, and ended for a removed member. */
class TicketPanelSubscriptionTest extends LiveApplicationTest {

    // language=GraphQL
    private static final String PANEL = """
            subscription($ticketId: ID!) { ticketPanelChanged(ticketId: $ticketId) { name fields { key masked value } } }
            """;
    // language=GraphQL
    private static final String RELATE = """
            mutation($secretId: ID!, $tickets: [ID!]) {
              changeSecretRelations(input: { secretId: $secretId, relatedTicketIds: $tickets }) { secretId }
            }
            """;

    @Test
    void canWatchATicketsPanelChangeUntilTheMemberIsRemoved() throws Exception {
        HttpGraphQlTester owner = asOwner();
        String agentId = owner.documentName("addMember").variable("input", Map.of("email",
                        "panel-" + UUID.randomUUID() + "@example.com", "permissions", List.of("VIEW_ALL")))
                .execute().path("addMember.member.id").entity(String.class).get();
        String ticketId = owner.documentName("registerTicket").variable("input", Map.of("reference", "HD-" + UUID.randomUUID(),
                        "memberIds", List.of(agentId))).execute()
                .path("registerTicket.ticketId").entity(String.class).get();
        String templateId = SecretSteps.createApiKeyTemplate(owner);
        String canary = "sk_panel_" + UUID.randomUUID();
        String first = SecretSteps.createSecret(owner, templateId, "panel-a-" + UUID.randomUUID(), canary);
        relate(owner, first, List.of(ticketId));

        BlockingQueue<Object> pushed = new LinkedBlockingQueue<>();
        Disposable watch = webSocket(tokens.mint(demo.workspaceId(), agentId, "agent@example.com",
                Duration.ofMinutes(5))).document(PANEL).variable("ticketId", ticketId).executeSubscription()
                .toFlux("ticketPanelChanged", List.class).subscribe(pushed::add, pushed::add);
        try {
            assertThat(names(pushed.poll(20, TimeUnit.SECONDS))).as("the panel now").hasSize(1)
                    .allMatch(name -> name.startsWith("panel-a-"));

            String second = SecretSteps.createSecret(owner, templateId, "panel-b-" + UUID.randomUUID(), canary);
            relate(owner, second, List.of(ticketId));
            assertThat(names(pollUntilSize(pushed, 2))).as("a secret linked to the ticket appears").hasSize(2);

            relate(owner, first, List.of());
            assertThat(names(pollUntilSize(pushed, 1))).as("a secret unlinked disappears")
                    .allMatch(name -> name.startsWith("panel-b-"));

            owner.documentName("removeMember").variable("memberId", agentId).execute()
                    .path("removeMember.memberId").hasValue();
            Object ended = pushed.poll(20, TimeUnit.SECONDS);
            while (ended instanceof List) {
                ended = pushed.poll(20, TimeUnit.SECONDS);
            }
            assertThat(ended).as("the removed member's panel ends with an error").isInstanceOf(Throwable.class);
            assertThat(ended.toString()).contains("FORBIDDEN").doesNotContain(canary);
            relate(owner, first, List.of(ticketId));
            assertThat(pushed.poll(1, TimeUnit.SECONDS)).as("nothing more").isNull();
        } finally {
            watch.dispose();
        }
    }

    @Test
    void cannotWatchAnUnknownTicket() throws Exception {
        BlockingQueue<Object> pushed = new LinkedBlockingQueue<>();
        Disposable watch = webSocket(ownerToken()).document(PANEL).variable("ticketId", UUID.randomUUID().toString())
                .executeSubscription().toFlux("ticketPanelChanged", List.class).subscribe(pushed::add, pushed::add);
        try {
            Object first = pushed.poll(20, TimeUnit.SECONDS);
            assertThat(first).isInstanceOf(Throwable.class);
            assertThat(first.toString()).contains("NOT_FOUND");
        } finally {
            watch.dispose();
        }
    }

    private static void relate(HttpGraphQlTester owner, String secretId, List<String> tickets) {
        owner.document(RELATE).variable("secretId", secretId).variable("tickets", tickets).execute()
                .path("changeSecretRelations.secretId").entity(String.class).isEqualTo(secretId);
    }

    private static Object pollUntilSize(BlockingQueue<Object> queue, int size) throws InterruptedException {
        for (Object item = queue.poll(20, TimeUnit.SECONDS); item != null; item = queue.poll(20, TimeUnit.SECONDS)) {
            if (item instanceof List<?> list && list.size() == size) {
                return item;
            }
        }
        return null;
    }

    private static List<String> names(Object panel) {
        assertThat(panel).isInstanceOf(List.class);
        assertThat(panel.toString()).doesNotContain("sk_panel_");
        return ((List<?>) panel).stream().map(row -> (String) ((Map<?, ?>) row).get("name")).toList();
    }
}
