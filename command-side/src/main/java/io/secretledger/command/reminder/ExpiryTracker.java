package io.secretledger.command.reminder;

import io.secretledger.api.reminder.SecretExpiryChange;
import io.secretledger.api.reminder.TrackSecretExpiry;
import io.secretledger.api.secret.SecretCreated;
import io.secretledger.api.secret.SecretDeleted;
import io.secretledger.api.secret.SecretExpirationChanged;
import io.secretledger.api.secret.SecretPurged;
import io.secretledger.api.secret.SecretRestored;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.ErrorDetails;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Keeps each workspace's {@link ExpiryReminders} in step with its secrets' expiries: every event of a secret that
 * changes its expiry or whether it is in use becomes a {@link TrackSecretExpiry}. A rebuild of every projection
 * may reset this processor too: the replay skips these handlers, and the commands carry the event's sequence, so an
 * event handled twice changes nothing. It sends commands and never mail: the mail leaves from the reminders' own
 * deadlines.
 */
@Component
@ProcessingGroup(ExpiryTracker.PROCESSING_GROUP)
class ExpiryTracker {

    static final String PROCESSING_GROUP = "expiry-reminder-plans";

    private final CommandGateway commands;

    ExpiryTracker(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    @DisallowReplay
    void on(SecretCreated event, @SequenceNumber long sequence) {
        if (event.expiresAt() != null) {
            track(event.workspaceId(), event.secretId(), sequence, SecretExpiryChange.CREATED, event.expiresAt());
        }
    }

    @EventHandler
    @DisallowReplay
    void on(SecretExpirationChanged event, @SequenceNumber long sequence) {
        track(event.workspaceId(), event.secretId(), sequence, SecretExpiryChange.EXPIRY_CHANGED, event.expiresAt());
    }

    @EventHandler
    @DisallowReplay
    void on(SecretDeleted event, @SequenceNumber long sequence) {
        track(event.workspaceId(), event.secretId(), sequence, SecretExpiryChange.DELETED, null);
    }

    @EventHandler
    @DisallowReplay
    void on(SecretRestored event, @SequenceNumber long sequence) {
        track(event.workspaceId(), event.secretId(), sequence, SecretExpiryChange.RESTORED, null);
    }

    @EventHandler
    @DisallowReplay
    void on(SecretPurged event, @SequenceNumber long sequence) {
        track(event.workspaceId(), event.secretId(), sequence, SecretExpiryChange.PURGED, null);
    }

    /** Nothing to clear: a reset only lets the operator's rebuild of every projection go through (ADR 0023). */
    @ResetHandler
    void reset() {
        // no read model
    }

    private void track(String workspaceId, String secretId, long sequence, SecretExpiryChange change,
                       Instant expiresAt) {
        try {
            commands.sendAndWait(new TrackSecretExpiry(workspaceId, secretId, sequence, change, expiresAt));
        } catch (CommandExecutionException e) {
            // NOT_FOUND: a workspace without reminders yet heard of a secret without an expiry; nothing to follow.
            if (!e.getDetails().filter(details -> details instanceof ErrorDetails error
                    && error.code() == ErrorCode.NOT_FOUND).isPresent()) {
                throw e;
            }
        }
    }
}
