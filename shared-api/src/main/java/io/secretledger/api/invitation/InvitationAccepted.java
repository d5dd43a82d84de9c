package io.secretledger.api.invitation;

import io.secretledger.api.common.Actor;

/** The invitation is used up; the member {@code memberId} is now the person (issuer, subject). */
public record InvitationAccepted(String workspaceId, String invitationId, String memberId, String issuer,
                                 String subject, Actor actor) {
}
