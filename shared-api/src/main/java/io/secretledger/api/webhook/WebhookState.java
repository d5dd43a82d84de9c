package io.secretledger.api.webhook;

import java.util.List;

/** A webhook as its change left it: the answer to {@link ChangeWebhook}. */
public record WebhookState(String webhookId, String url, List<String> eventTypes, boolean enabled, int secretVersion) {
}
