package io.secretledger.api.reminder;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Keeps the reminders in step with a secret's expiry, sent for each event of the secret that changes it.
 * {@code sequence} is that event's sequence number in the secret: an older one than already tracked does nothing,
 * so sending it again (a replayed or redelivered event) changes nothing.
 */
public record TrackSecretExpiry(String workspaceId, String secretId, long sequence, SecretExpiryChange change,
                                Instant expiresAt) {

    @TargetAggregateIdentifier
    public String remindersId() {
        return ReminderScope.idOf(workspaceId);
    }
}
