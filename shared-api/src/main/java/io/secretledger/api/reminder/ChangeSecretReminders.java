package io.secretledger.api.reminder;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Gives one secret its own reminder lead times, or with {@code leadDays: null} the workspace's defaults again.
 * Whoever may change the secret.
 */
public record ChangeSecretReminders(String workspaceId, String secretId, List<Integer> leadDays, Actor actor) {

    @TargetAggregateIdentifier
    public String remindersId() {
        return ReminderScope.idOf(workspaceId);
    }
}
