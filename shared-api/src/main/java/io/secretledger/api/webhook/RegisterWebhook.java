package io.secretledger.api.webhook;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Registers a destination for the workspace's changes of the given types (account owners). */
public record RegisterWebhook(@TargetAggregateIdentifier String webhooksId, String workspaceId, String webhookId,
                              String url, List<String> eventTypes, Actor actor) {
}
