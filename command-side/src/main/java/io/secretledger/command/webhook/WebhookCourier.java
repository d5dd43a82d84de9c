package io.secretledger.command.webhook;

import io.secretledger.api.webhook.RecordWebhookDelivery;
import io.secretledger.api.webhook.WebhookAttemptDue;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

/**
 * Makes each attempt that falls due, on this processor's thread and outside the webhooks' aggregate, then records
 * its outcome there. A replay skips it; an attempt event handled a second time (a crash before the token was
 * stored) is sent again with the same {@code webhook-id}, which receivers use to drop it, and its second outcome
 * is ignored by the aggregate.
 */
@Component
@ProcessingGroup(WebhookCourier.PROCESSING_GROUP)
class WebhookCourier {

    static final String PROCESSING_GROUP = "webhook-delivery";

    private final HttpWebhookCourier courier;
    private final CommandGateway commands;

    WebhookCourier(HttpWebhookCourier courier, CommandGateway commands) {
        this.courier = courier;
        this.commands = commands;
    }

    @EventHandler
    @DisallowReplay
    void on(WebhookAttemptDue due) {
        HttpWebhookCourier.Outcome outcome = courier.deliver(due);
        commands.sendAndWait(new RecordWebhookDelivery(due.webhooksId(), due.deliveryId(), due.attempt(),
                outcome.delivered(), outcome.status(), outcome.error()));
    }

    @ResetHandler
    void reset() {
        // no read model
    }
}
