package io.secretledger.query.workspace;

import io.secretledger.api.common.Permission;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who may read the secrets of a workspace through queries, mirroring the command side's policy while Client
 * Secrets is enabled: a member holding an all-secrets permission, or an assigned-only permission while the
 * workspace does not restrict Client Secrets to assigned users. With the restriction on, assigned-only
 * members see nothing here until assignments and rules reach the read side. Reads the workspace view, so a
 * change shows here once the projection has it; changes and reveals are decided on the command side
 * (ADR 0003).
 */
@Component
public class Viewers {

    private static final Set<Permission> ALL_SECRETS =
            EnumSet.of(Permission.VIEW_ALL, Permission.MODIFY_ALL, Permission.ACCOUNT_OWNER);
    private static final Set<Permission> ASSIGNED =
            EnumSet.of(Permission.VIEW_ASSIGNED, Permission.MODIFY_ASSIGNED);

    private final MongoTemplate mongo;

    public Viewers(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public boolean seesAllSecrets(String workspaceId, String memberId) {
        if (workspaceId == null || memberId == null) {
            return false;
        }
        WorkspaceDocument workspace = mongo.findById(workspaceId, WorkspaceDocument.class);
        if (workspace == null || workspace.members() == null || workspace.settings() == null
                || !workspace.settings().clientSecretsEnabled()) {
            return false;
        }
        WorkspaceDocument.Member member = workspace.members().get(memberId);
        if (member == null || member.permissions() == null) {
            return false;
        }
        return member.permissions().stream().anyMatch(ALL_SECRETS::contains)
                || (!workspace.settings().restrictToAssignedUsers()
                && member.permissions().stream().anyMatch(ASSIGNED::contains));
    }
}
