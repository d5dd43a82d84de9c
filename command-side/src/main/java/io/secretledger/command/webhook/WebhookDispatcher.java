package io.secretledger.command.webhook;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.ErrorDetails;
import io.secretledger.api.webhook.DispatchWebhookEvent;
import io.secretledger.api.webhook.WebhookScope;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

/**
 * Turns each change a webhook can follow into a {@link DispatchWebhookEvent} for its workspace's webhooks, keyed by
 * the event's identifier. A replay (a rebuild of every projection resets this processor too) skips the handler, and
 * a redelivered event finds its deliveries started already: nothing is delivered twice. It sends commands only;
 * the deliveries leave from {@link WebhookCourier}.
 */
@Component
@ProcessingGroup(WebhookDispatcher.PROCESSING_GROUP)
class WebhookDispatcher {

    static final String PROCESSING_GROUP = "webhook-dispatch";

    private final CommandGateway commands;

    WebhookDispatcher(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    @DisallowReplay
    void on(Object payload, EventMessage<?> message) {
        WebhookEvents.describe(message).ifPresent(change -> {
            if (change.workspaceId() == null) {
                return;
            }
            try {
                commands.sendAndWait(new DispatchWebhookEvent(WebhookScope.idOf(change.workspaceId()),
                        change.workspaceId(), message.getIdentifier(), change.type(), change.body()));
            } catch (CommandExecutionException e) {
                // NOT_FOUND: a workspace that never registered a webhook.
                if (!e.getDetails().filter(details -> details instanceof ErrorDetails error
                        && error.code() == ErrorCode.NOT_FOUND).isPresent()) {
                    throw e;
                }
            }
        });
    }

    /** Nothing to clear: a reset only lets a rebuild of every projection go through. */
    @ResetHandler
    void reset() {
        // no read model
    }
}
