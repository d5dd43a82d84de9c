package io.secretledger.api.webhook;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Changes which types a webhook follows and whether it is enabled; null keeps what it was (account owners). */
public record ChangeWebhook(@TargetAggregateIdentifier String webhooksId, String workspaceId, String webhookId,
                            List<String> eventTypes, Boolean enabled, Actor actor) {
}
