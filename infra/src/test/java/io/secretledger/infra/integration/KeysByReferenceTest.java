package io.secretledger.infra.integration;

import com.mongodb.client.MongoClient;
import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.Refusals;
import io.secretledger.infra.support.Storage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;


import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 004 with Vault's transit as the model: an encryption key is a secret, generated and never shown, used by
 * reference to encrypt and decrypt; rotating it (a new version of the field) keeps older ciphertexts readable.
 */
class KeysByReferenceTest extends LiveApplicationTest {

    @Autowired
    private MongoClient mongo;

    @Test
    void canEncryptAndDecryptByReferenceAcrossARotationAndRefusesTamperingAndDirectKeys() {
        HttpGraphQlTester owner = asOwner();
        String templateId = owner.documentName("createTemplate").variable("input", Map.of("name", "Encryption key",
                        "fields", List.of(Map.of("key", "key", "label", "Key", "type", "TEXT", "required", true,
                                "sensitive", true))))
                .execute().path("createTemplate.template.id").entity(String.class).get();
        String name = "production-aes-key-" + UUID.randomUUID();
        var created = owner.documentName("createSecret").variable("input", Map.of("templateId", templateId,
                "name", name, "visibility", "RESTRICTED", "values", List.of())).execute();
        String secretId = created.path("createSecret.secret.id").entity(String.class).get();
        String keyRef = name + "/key";
        String canary = "card-" + UUID.randomUUID();

        var sealed = owner.documentName("encryptWithKey").variable("keyRef", keyRef).variable("plaintext", canary)
                .execute();
        String ciphertext = sealed.path("encryptWithKey.ciphertext").entity(String.class).get();
        assertThat(ciphertext).startsWith("sl:v1:").doesNotContain(canary);
        assertThat(decrypt(owner, keyRef, ciphertext)).isEqualTo(canary);

        byte[] raw = Base64.getDecoder().decode(ciphertext.substring("sl:v1:".length()));
        raw[20] ^= 1;
        owner.documentName("decryptWithKey").variable("keyRef", keyRef)
                .variable("ciphertext", "sl:v1:" + Base64.getEncoder().encodeToString(raw)).execute().errors()
                .satisfy(errors -> Refusals.assertSingle(errors, "INTEGRITY", null));
        owner.documentName("encryptWithKey").variable("keyRef", "an-actual-key-typed-in").variable("plaintext", "x")
                .execute().errors().satisfy(errors -> Refusals.assertSingle(errors, "VALIDATION", "keyRef"));

        int version = owner.documentName("secret").variable("id", secretId).execute()
                .path("secret.version").entity(Integer.class).get();
        owner.documentName("updateSecret").variable("input", Map.of("id", secretId, "expectedVersion", version,
                        "values", List.of(Map.of("key", "key", "generate", Map.of())))).execute()
                .path("updateSecret.secret.fields[0].version").entity(Integer.class).isEqualTo(2);
        String rotated = owner.documentName("encryptWithKey").variable("keyRef", keyRef).variable("plaintext", canary)
                .execute().path("encryptWithKey.ciphertext").entity(String.class).get();
        assertThat(rotated).startsWith("sl:v2:");
        assertThat(decrypt(owner, keyRef, ciphertext)).isEqualTo(canary);
        assertThat(decrypt(owner, keyRef, rotated)).isEqualTo(canary);

        assertThat(Storage.eventPayloads(eventStore)).noneMatch(payload -> payload.contains(canary));
        assertThat(Storage.projectionDocuments(mongo, "secretledger")).noneMatch(document -> document.contains(canary));
        owner.documentName("secret").variable("id", secretId).execute()
                .path("secret.fields[0].value").valueIsNull();
    }

    private static String decrypt(HttpGraphQlTester tester, String keyRef, String ciphertext) {
        return tester.documentName("decryptWithKey").variable("keyRef", keyRef).variable("ciphertext", ciphertext)
                .execute().path("decryptWithKey.plaintext").entity(String.class).get();
    }
}
