package io.secretledger.api.webhook;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives a webhook a new signing secret, shown once; later attempts are signed with it (account owners). */
public record RotateWebhookSecret(@TargetAggregateIdentifier String webhooksId, String workspaceId, String webhookId,
                                  Actor actor) {
}
