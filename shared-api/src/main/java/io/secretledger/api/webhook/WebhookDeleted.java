package io.secretledger.api.webhook;

import io.secretledger.api.common.Actor;

public record WebhookDeleted(String webhooksId, String workspaceId, String webhookId, Actor actor) {
}
