package io.secretledger.api.reminder;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Sets the workspace's default reminder lead times: days before a secret's expiry (0 = on the day), each a
 * non-negative number; an empty list turns the reminders off. Account owners only.
 */
public record ChangeReminderDefaults(String workspaceId, List<Integer> leadDays, Actor actor) {

    @TargetAggregateIdentifier
    public String remindersId() {
        return ReminderScope.idOf(workspaceId);
    }
}
