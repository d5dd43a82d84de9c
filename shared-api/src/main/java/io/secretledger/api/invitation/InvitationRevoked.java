package io.secretledger.api.invitation;

import io.secretledger.api.common.Actor;

public record InvitationRevoked(String workspaceId, String invitationId, Actor actor) {
}
