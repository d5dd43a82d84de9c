package io.secretledger.api.webhook;

import io.secretledger.api.common.Actor;

import java.util.List;

public record WebhookChanged(String webhooksId, String workspaceId, String webhookId, List<String> eventTypes,
                             boolean enabled, Actor actor) {
}
