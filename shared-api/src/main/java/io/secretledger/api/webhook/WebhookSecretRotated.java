package io.secretledger.api.webhook;

import io.secretledger.api.common.Actor;
import io.secretledger.api.secret.EncryptedValue;

public record WebhookSecretRotated(String webhooksId, String workspaceId, String webhookId,
                                   EncryptedValue signingSecret, int secretVersion, Actor actor) {
}
