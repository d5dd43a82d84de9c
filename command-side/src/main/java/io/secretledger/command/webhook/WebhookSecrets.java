package io.secretledger.command.webhook;

import io.secretledger.api.common.Plaintext;
import io.secretledger.api.secret.EncryptedValue;
import io.secretledger.command.crypto.AssociatedData;
import io.secretledger.command.crypto.FieldCipher;
import io.secretledger.command.crypto.KeyHierarchy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * Webhook signing secrets: 32 bytes from the CSPRNG written {@code whsec_<base64>} (the Standard Webhooks form),
 * sealed under a data key of the webhook's own, bound to its workspace, webhook and version, and shredded with the
 * webhook. A service so that fixture tests control the randomness.
 */
public class WebhookSecrets {

    static final String PREFIX = "whsec_";
    private static final String FIELD = "webhook-signing-secret";

    private final FieldCipher cipher;
    private final KeyHierarchy keys;
    private final SecureRandom random;

    public WebhookSecrets(FieldCipher cipher, KeyHierarchy keys, SecureRandom random) {
        this.cipher = cipher;
        this.keys = keys;
        this.random = random;
    }

    /** A new secret, as shown once and as sealed for the events. */
    record Issued(Plaintext shown, EncryptedValue sealed) {
    }

    Issued issue(String workspaceId, String webhookId, int version) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        Plaintext shown = new Plaintext(PREFIX + Base64.getEncoder().encodeToString(key));
        return new Issued(shown, cipher.encrypt(shown, where(workspaceId, webhookId, version)));
    }

    /** The HMAC key of a sealed secret: the bytes its base64 after {@code whsec_} stands for. */
    byte[] signingKey(String workspaceId, String webhookId, int version, EncryptedValue sealed) {
        String secret = new String(cipher.open(sealed, where(workspaceId, webhookId, version)), StandardCharsets.UTF_8);
        return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    }

    void shred(String workspaceId, String webhookId, Instant at) {
        keys.destroyDataKey(workspaceId, keyOwner(webhookId), at);
    }

    private static AssociatedData where(String workspaceId, String webhookId, int version) {
        return new AssociatedData(workspaceId, keyOwner(webhookId), FIELD, version);
    }

    /** The data key's owner in the key vault, apart from any secret's. */
    private static String keyOwner(String webhookId) {
        return "webhook:" + webhookId;
    }
}
