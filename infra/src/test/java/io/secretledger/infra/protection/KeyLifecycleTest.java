package io.secretledger.infra.protection;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.secret.EncryptedValue;
import io.secretledger.api.secret.FieldValue;
import io.secretledger.api.secret.SecretCreated;
import io.secretledger.api.secret.SecretEdited;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.crypto.AssociatedData;
import io.secretledger.command.crypto.FieldCipher;
import io.secretledger.command.crypto.KeyVault;
import io.secretledger.infra.key.FileKeyVault;
import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.Storage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.secretledger.infra.support.Refusals.assertSingle;
import static io.secretledger.infra.support.SecretSteps.createApiKeyTemplate;
import static io.secretledger.infra.support.SecretSteps.createSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Crypto-shredding and rotations through the running application: after a purge no path reads a value again
 * (not the reveal, not a replay of the events with the application's own cipher, not the raw files); after
 * rotating the workspace and the master key every value still reveals, and each rotation is an event.
 */
class KeyLifecycleTest extends LiveApplicationTest {

    @Autowired
    private EventStore events;

    @Autowired
    private FieldCipher cipher;

    private HttpGraphQlTester owner;
    private String templateId;

    @BeforeEach
    void setUp() {
        owner = asOwner();
        templateId = createApiKeyTemplate(owner);
    }

    @Test
    void aPurgedSecretsValuesCannotBeReadByAnyPath() throws Exception {
        String name = "shredded-" + UUID.randomUUID();
        String canary = "canary-shred-" + UUID.randomUUID();
        String secretId = createSecret(owner, templateId, name, canary);
        owner.document("mutation($id: ID!, $v: String!) { updateSecret(input: {id: $id, expectedVersion: 0, values: "
                        + "[{key: \"token\", value: $v}]}) { secret { version } } }")
                .variable("id", secretId).variable("v", canary + "-2").execute().path("updateSecret.secret.version")
                .hasValue();
        List<Sealed> sealed = sealedValues(secretId);
        assertThat(sealed).hasSize(2);
        assertThat(cipher.decrypt(sealed.get(0).value(), sealed.get(0).where()).value()).isEqualTo(canary);
        String wrappedDataKey = java.util.Base64.getEncoder().encodeToString(vaultEntry(secretId).keys().get(1).wrapped());

        owner.document("mutation($id: ID!) { deleteSecret(input: {secretId: $id}) { secret { deleted } } }")
                .variable("id", secretId).execute().path("deleteSecret.secret.deleted").entity(Boolean.class)
                .isEqualTo(true);
        owner.document("mutation($id: ID!, $name: String!) { purgeSecret(input: {secretId: $id, confirmName: $name}) "
                        + "{ secretId } }")
                .variable("id", secretId).variable("name", name).execute().path("purgeSecret.secretId").hasValue();

        KeyVault.DataKeyEntry tombstone = vaultEntry(secretId);
        assertThat(tombstone.keys()).isEmpty();
        assertThat(tombstone.destroyed()).isTrue();
        owner.documentName("revealSecretField").variable("input", Map.of("secretId", secretId, "fieldKey", "token"))
                .execute().errors().satisfy(errors -> assertSingle(errors, "NOT_FOUND", "id"));
        for (Sealed value : sealedValues(secretId)) {
            assertThatThrownBy(() -> cipher.decrypt(value.value(), value.where()))
                    .isInstanceOfSatisfying(DomainException.class,
                            e -> assertThat(e.details().code()).isEqualTo(ErrorCode.INTEGRITY));
        }
        assertThat(Storage.filesContaining(DATA_DIR, wrappedDataKey)).as("wrapped data key left on disk").isEmpty();
        assertThat(Storage.filesContaining(DATA_DIR, java.util.Base64.getDecoder().decode(wrappedDataKey)))
                .as("wrapped data key bytes left on disk").isEmpty();
        assertThat(Storage.filesContaining(DATA_DIR, canary)).isEmpty();
    }

    @Test
    void rotatingTheWorkspaceAndTheMasterKeyKeepsEveryValueReadable() throws Exception {
        String secretId = createSecret(owner, templateId, "rotated-" + UUID.randomUUID(), "sk_rotated");
        String editorEmail = "rotator-" + UUID.randomUUID() + "@demo.local";
        String editorId = owner.documentName("addMember").variable("input", Map.of("email", editorEmail,
                "role", "EDITOR")).execute().path("addMember.member.id").entity(String.class).get();
        http(tokens.mint(demo.workspaceId(), editorId, editorEmail, Duration.ofMinutes(5)))
                .document("mutation { rotateWorkspaceKey { toKey } }").execute().errors()
                .satisfy(errors -> assertSingle(errors, "FORBIDDEN", null));

        Map<?, ?> rotation = owner.document("mutation { rotateWorkspaceKey { fromKey toKey rewrapped } }").execute()
                .path("rotateWorkspaceKey").entity(Map.class).get();
        assertThat(Integer.parseInt((String) rotation.get("toKey")))
                .isEqualTo(Integer.parseInt((String) rotation.get("fromKey")) + 1);
        assertThat((Integer) rotation.get("rewrapped")).isPositive();
        Map<?, ?> workspaceKeys = json.readValue(DATA_DIR.resolve("keys/vault/workspaces/" + demo.workspaceId()
                + ".json").toFile(), Map.class);
        assertThat((List<?>) workspaceKeys.get("versions")).singleElement().satisfies(version ->
                assertThat(((Map<?, ?>) version).get("version").toString()).isEqualTo(rotation.get("toKey")));
        assertReveals(secretId, "sk_rotated");

        owner.document("mutation { rotateMasterKey { toKey } }").execute().errors()
                .satisfy(errors -> assertSingle(errors, "FORBIDDEN", null));
        byte[] before = Files.readAllBytes(DATA_DIR.resolve("keys/master.key"));
        HttpGraphQlTester operator = http(tokens.mintOperator(demo.workspaceId(), demo.ownerMemberId(),
                demo.ownerEmail(), Duration.ofMinutes(5)));
        Map<?, ?> master = operator.document("mutation { rotateMasterKey { fromKey toKey rewrapped } }").execute()
                .path("rotateMasterKey").entity(Map.class).get();
        assertThat(master.get("toKey")).isNotEqualTo(master.get("fromKey"));
        assertThat(Files.readAllBytes(DATA_DIR.resolve("keys/master.key"))).isNotEqualTo(before);
        assertThat(DATA_DIR.resolve("keys/master.key.next")).doesNotExist();
        assertReveals(secretId, "sk_rotated");
        assertThat(String.join("\n", Storage.eventPayloads(eventStore)))
                .contains("io.secretledger.api.key.WorkspaceKeyRotated")
                .contains("io.secretledger.api.key.MasterKeyRotated");
    }

    private void assertReveals(String secretId, String value) {
        owner.documentName("revealSecretField").variable("input", Map.of("secretId", secretId, "fieldKey", "token"))
                .execute().path("revealSecretField.value").entity(String.class).isEqualTo(value);
    }

    /** The secret's entry in the default profile's key vault, read from disk by a vault of its own. */
    private KeyVault.DataKeyEntry vaultEntry(String secretId) {
        return new FileKeyVault(DATA_DIR.resolve("keys/vault")).dataKey(secretId).orElseThrow();
    }

    private record Sealed(EncryptedValue value, AssociatedData where) {
    }

    /** Every sensitive value the secret's events hold, as a replay would read them. */
    private List<Sealed> sealedValues(String secretId) {
        List<Sealed> sealed = new ArrayList<>();
        events.readEvents(secretId).asStream().map(DomainEventMessage::getPayload).forEach(payload -> {
            List<FieldValue> values = payload instanceof SecretCreated created ? created.values()
                    : payload instanceof SecretEdited edited ? edited.values() : List.of();
            String workspaceId = payload instanceof SecretCreated created ? created.workspaceId()
                    : payload instanceof SecretEdited edited ? edited.workspaceId() : null;
            values.stream().filter(value -> value.encrypted() != null).forEach(value -> sealed.add(new Sealed(
                    value.encrypted(), new AssociatedData(workspaceId, secretId, value.key(), value.version()))));
        });
        return sealed;
    }
}
