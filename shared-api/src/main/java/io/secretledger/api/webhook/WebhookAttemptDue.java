package io.secretledger.api.webhook;

import io.secretledger.api.secret.EncryptedValue;

/**
 * An attempt to deliver is due now: the courier, outside the aggregate, checks the destination again, signs the
 * body with the secret (sealed here) and sends it. The first attempt is due when the change is dispatched, each
 * later one when its back-off deadline passes.
 */
public record WebhookAttemptDue(String webhooksId, String workspaceId, String webhookId, String deliveryId,
                                String eventId, String eventType, int attempt, String url, String body,
                                EncryptedValue signingSecret, int secretVersion) {

    @Override
    public String toString() {
        return "WebhookAttemptDue[deliveryId=" + deliveryId + ", attempt=" + attempt + "]";
    }
}
