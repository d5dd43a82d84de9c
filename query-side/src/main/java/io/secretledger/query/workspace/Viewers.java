package io.secretledger.query.workspace;

import io.secretledger.api.common.Permission;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who may read the secrets of a workspace through queries: today a member holding an all-secrets permission
 * while Client Secrets is enabled (seed 000); members with assigned-only permissions see nothing until
 * assignments and rules reach the read side. Reads the workspace view, so a change shows here once the
 * projection has it; changes and reveals are decided on the command side instead (ADR 0003).
 */
@Component
public class Viewers {

    private static final Set<Permission> ALL_SECRETS =
            EnumSet.of(Permission.VIEW_ALL, Permission.MODIFY_ALL, Permission.ACCOUNT_OWNER);

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
        return member != null && member.permissions() != null
                && member.permissions().stream().anyMatch(ALL_SECRETS::contains);
    }
}
