package io.secretledger.command.workspace;

import io.secretledger.policy.Member;

import java.util.List;

/** Every member of a workspace, from the event-sourced Workspace (expiry reminders mail each what they reach). */
public interface WorkspaceMembers {

    /** None for a suspended or unknown workspace. */
    List<Member> members(String workspaceId);
}
