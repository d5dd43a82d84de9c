package io.secretledger.api.access;

import io.secretledger.api.common.Actor;

import java.util.Set;

/** The members now assigned to the secret, directly. */
public record AssignmentChanged(String secretId, String workspaceId, Set<String> assignedMemberIds, Actor actor) {
}
