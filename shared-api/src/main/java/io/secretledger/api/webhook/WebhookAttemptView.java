package io.secretledger.api.webhook;

import java.time.Instant;

public record WebhookAttemptView(int attempt, DeliveryOutcome outcome, Integer status, String error, Instant at) {
}
