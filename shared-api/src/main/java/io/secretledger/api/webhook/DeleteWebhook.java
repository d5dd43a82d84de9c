package io.secretledger.api.webhook;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Deletes a webhook: nothing more is sent to it, and its signing secret's key is destroyed (account owners). */
public record DeleteWebhook(@TargetAggregateIdentifier String webhooksId, String workspaceId, String webhookId,
                            Actor actor) {
}
