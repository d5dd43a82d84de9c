package io.secretledger.api.webhook;

import io.secretledger.api.common.Actor;
import io.secretledger.api.secret.EncryptedValue;

import java.util.List;

/** A webhook was registered; its signing secret is here only sealed, under the webhook's own data key. */
public record WebhookRegistered(String webhooksId, String workspaceId, String webhookId, String url,
                                List<String> eventTypes, EncryptedValue signingSecret, int secretVersion,
                                Actor actor) {
}
