package io.secretledger.command.workspace;

import io.secretledger.api.workspace.WorkspaceSettings;
import io.secretledger.policy.Member;

import io.secretledger.api.integration.EgressRule;

import java.util.List;
import java.util.Optional;

/** Reads members from the event-sourced Workspace, so a decision sees every change acknowledged before it. */
public interface WorkspaceDirectory {

    /** The member of that workspace, or empty if the workspace or the member does not exist. */
    Optional<Member> member(String workspaceId, String memberId);

    /** Every member of the workspace (none if there is no such workspace), for mails to approvers and owners. */
    List<Member> members(String workspaceId);

    /** The workspace's controls, or empty if there is no such workspace. */
    Optional<WorkspaceSettings> settings(String workspaceId);

    /** The service account of that workspace, or empty. */
    Optional<Workspace.ServiceAccount> serviceAccount(String workspaceId, String serviceAccountId);

    /** Where the workspace's integrations may call with its secrets; empty for none or no such workspace. */
    List<EgressRule> egressRules(String workspaceId);
}
