package io.secretledger.api.reminder;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Says the secret was rotated: no more reminders about its current expiry. With {@code newExpiresAt} the caller
 * goes on to change the expiry (ChangeSecretExpiration), which plans reminders afresh. Whoever may change the
 * secret.
 */
public record MarkSecretRotated(String workspaceId, String secretId, Instant newExpiresAt, Actor actor) {

    @TargetAggregateIdentifier
    public String remindersId() {
        return ReminderScope.idOf(workspaceId);
    }
}
