package io.secretledger.api.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * What an attempt to deliver came to, from the courier that made it outside the aggregate.
 *
 * @param status the receiver's HTTP status, or null where none answered
 * @param error  why it failed without an answer (a timeout, a refused destination), in words that hold no value
 */
public record RecordWebhookDelivery(@TargetAggregateIdentifier String webhooksId, String deliveryId, int attempt,
                                    boolean delivered, Integer status, String error) {
}
