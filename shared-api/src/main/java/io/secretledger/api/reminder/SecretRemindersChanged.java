package io.secretledger.api.reminder;

import io.secretledger.api.common.Actor;

import java.util.List;

/** A secret's own lead times; {@code leadDays} null: the workspace's defaults again. */
public record SecretRemindersChanged(String secretId, String workspaceId, List<Integer> leadDays, Actor actor) {
}
