package io.secretledger.query.reminder;

import io.secretledger.api.reminder.ExpiryReminder;
import io.secretledger.api.reminder.ExpiryReminderDue;
import io.secretledger.api.reminder.WatchExpiryReminders;
import io.secretledger.query.secret.SecretReadAccess;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/**
 * Pushes each reminder as it falls due to the workspace's subscribers who may see its secret. It keeps no read
 * model; a replay would push old reminders again, so it skips them.
 */
@Component
@ProcessingGroup("expiry-reminder-feed")
class ExpiryReminderFeed {

    private final QueryUpdateEmitter updates;
    private final SecretReadAccess readAccess;

    ExpiryReminderFeed(QueryUpdateEmitter updates, SecretReadAccess readAccess) {
        this.updates = updates;
        this.readAccess = readAccess;
    }

    @EventHandler
    @DisallowReplay
    void on(ExpiryReminderDue event, @Timestamp Instant dueAt) {
        long daysLeft = Math.floorDiv(Duration.between(dueAt, event.expiresAt()).toSeconds(), 86_400L);
        ExpiryReminder reminder = new ExpiryReminder(event.secretId(), event.name(), event.expiresAt(),
                event.leadDays(), daysLeft, dueAt);
        updates.emit(WatchExpiryReminders.class, watch -> watch.workspaceId().equals(event.workspaceId())
                && readAccess.canView(watch.workspaceId(), watch.viewerId(), event.secretId()), reminder);
    }

    /** No read model to clear; a rebuild of every projection resets this processor too, and the replay pushes nothing. */
    @ResetHandler
    void reset() {
        // nothing kept
    }

    /** Any member may watch; each reminder is checked against the subscriber as it comes. */
    @QueryHandler
    Boolean handle(WatchExpiryReminders query) {
        return Boolean.TRUE;
    }
}
