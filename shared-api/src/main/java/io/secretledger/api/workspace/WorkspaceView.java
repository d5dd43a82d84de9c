package io.secretledger.api.workspace;

import io.secretledger.api.common.Permission;

import java.util.List;
import java.util.Set;

public record WorkspaceView(String id, String name, WorkspaceSettings settings, List<MemberView> members) {

    public record MemberView(String id, String email, String title, String division, Set<Permission> permissions) {
    }
}
