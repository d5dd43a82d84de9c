package io.secretledger.api.webhook;

import java.time.Instant;

/**
 * One attempt's outcome; {@code nextAttemptAt} is when the next one is due, null where none will be (DELIVERED, or
 * the last attempt FAILED).
 */
public record WebhookDeliveryRecorded(String webhooksId, String workspaceId, String webhookId, String deliveryId,
                                      String eventId, String eventType, int attempt, DeliveryOutcome outcome,
                                      Integer status, String error, Instant nextAttemptAt) {
}
