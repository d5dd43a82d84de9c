package io.secretledger.api.reminder;

import io.secretledger.api.common.Actor;

import java.util.List;

public record ReminderDefaultsChanged(String workspaceId, List<Integer> leadDays, Actor actor) {
}
