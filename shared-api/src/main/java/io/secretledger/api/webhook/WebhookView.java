package io.secretledger.api.webhook;

import java.time.Instant;
import java.util.List;

public record WebhookView(String id, String url, List<String> eventTypes, boolean enabled, int secretVersion,
                          Instant createdAt, List<WebhookDeliveryView> deliveries) {
}
