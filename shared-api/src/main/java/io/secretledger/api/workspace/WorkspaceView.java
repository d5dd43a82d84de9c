package io.secretledger.api.workspace;

import io.secretledger.api.common.Permission;

import java.util.List;
import java.util.Set;

public record WorkspaceView(String id, String name, WorkspaceSettings settings, List<MemberView> members,
                            List<ServiceAccountView> serviceAccounts) {

    public record MemberView(String id, String email, String title, String division, Set<Permission> permissions) {
    }

    /** An integration, with the ids of its active API tokens (never the tokens). */
    public record ServiceAccountView(String id, String name, Set<ServiceScope> scopes, Set<String> activeTokenIds) {
    }
}
