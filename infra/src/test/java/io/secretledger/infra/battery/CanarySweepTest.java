package io.secretledger.infra.battery;

import com.mongodb.client.MongoClient;
import io.secretledger.infra.support.Canaries;
import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.SecretSteps;
import io.secretledger.infra.support.Storage;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Battery (issue 8, item 1), run after every other test of the shared application: every canary the tests
 * planted - secret values, refused values, issued API tokens - is searched for in every stored event, every
 * projection document, every byte of the data directory (event store, projection store, key store) and every
 * line of the log. None may be found; a control value that is not sensitive must be, or the search proves nothing.
 */
@Order(Integer.MAX_VALUE)
class CanarySweepTest extends LiveApplicationTest {

    @Autowired
    private MongoClient mongo;

    @Test
    void canFindNoCanaryOfTheWholeBatteryInAnyStoredByteOrLogLine() throws Exception {
        HttpGraphQlTester owner = asOwner();
        String control = "sweep-control-" + UUID.randomUUID();
        String templateId = SecretSteps.createApiKeyTemplate(owner);
        owner.documentName("createSecret").variable("input", java.util.Map.of("templateId", templateId,
                        "name", "sweep-" + UUID.randomUUID(), "values", List.of(java.util.Map.of("key", "tenant",
                                "value", control), java.util.Map.of("key", "token", "value", Canaries.plant("sweep")))))
                .execute().path("createSecret.secret.id").hasValue();
        Set<String> canaries = Canaries.planted();

        List<String> events = Storage.eventPayloads(eventStore);
        List<String> documents = Storage.projectionDocuments(mongo, "secretledger");
        String log = Files.exists(LOG_FILE) ? Files.readString(LOG_FILE) : "";
        assertThat(String.join("\n", events)).as("the control in the events").contains(control);
        assertThat(String.join("\n", documents)).as("the control in the projections").contains(control);
        assertThat(Storage.filesContaining(DATA_DIR, control)).as("the control in the files").isNotEmpty();
        assertThat(log).as("the log was written").isNotEmpty();

        for (String canary : canaries) {
            assertThat(events).as(canary).noneMatch(event -> event.contains(canary));
            assertThat(documents).as(canary).noneMatch(document -> document.contains(canary));
            assertThat(Storage.filesContaining(DATA_DIR, canary)).as(canary).isEmpty();
            assertThat(log).as(canary).doesNotContain(canary);
        }
        assertThat(canaries).as("the canaries searched for").isNotEmpty();
    }
}
