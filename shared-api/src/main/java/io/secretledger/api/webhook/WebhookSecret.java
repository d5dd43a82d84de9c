package io.secretledger.api.webhook;

import io.secretledger.api.common.Plaintext;

import java.util.List;

/** The answer to a registration or a rotation: the signing secret ({@code whsec_...}), shown this once. */
public record WebhookSecret(String webhookId, String url, List<String> eventTypes, boolean enabled,
                            int secretVersion, Plaintext signingSecret) {
}
