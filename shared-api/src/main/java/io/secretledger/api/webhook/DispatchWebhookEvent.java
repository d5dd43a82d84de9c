package io.secretledger.api.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A change of the workspace that its webhooks may follow: the dispatcher's, never a person's. {@code body} is the
 * JSON receivers get; it names the change and never holds a field value.
 */
public record DispatchWebhookEvent(@TargetAggregateIdentifier String webhooksId, String workspaceId, String eventId,
                                   String eventType, String body) {
}
