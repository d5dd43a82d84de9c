package io.secretledger.api.webhook;

import java.time.Instant;
import java.util.List;

/** One change sent to one webhook: its outcome so far and every attempt, oldest first. */
public record WebhookDeliveryView(String id, String eventId, String eventType, DeliveryOutcome outcome,
                                  Instant queuedAt, Instant nextAttemptAt, List<WebhookAttemptView> attempts) {
}
