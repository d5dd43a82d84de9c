package io.secretledger.api.invitation;

/** What an accepted invitation made: the member, in its workspace. */
public record InvitationAcceptance(String workspaceId, String memberId, String email) {
}
