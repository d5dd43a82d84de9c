package io.secretledger.api.workspace;

import io.secretledger.api.common.Permission;

import io.secretledger.api.integration.EgressRule;

import java.util.List;
import java.util.Set;

/** A workspace as its owners see it; {@code egressAllowlist} is where its integrations may call with its secrets. */
public record WorkspaceView(String id, String name, WorkspaceSettings settings, List<MemberView> members,
                            List<ServiceAccountView> serviceAccounts, List<EgressRule> egressAllowlist,
                            List<InvitationView> invitations) {

    /** An open invitation: never its token. */
    public record InvitationView(String id, String email, Set<Permission> permissions, String title, String division,
                                 java.time.Instant expiresAt, String invitedBy) {
    }

    public record MemberView(String id, String email, String title, String division, Set<Permission> permissions) {
    }

    /** An integration, with the ids of its active API tokens (never the tokens). */
    public record ServiceAccountView(String id, String name, Set<ServiceScope> scopes, Set<String> activeTokenIds) {
    }
}
