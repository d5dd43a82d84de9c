package io.secretledger.query.workspace;

import io.secretledger.api.common.Permission;
import io.secretledger.api.workspace.WorkspaceSettings;
import io.secretledger.policy.Member;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The member asking a query, as the workspace view knows them: the read side decides with the same
 * {@code AccessPolicy} as the command side, from projected state, so a change shows here once the
 * projections have it; changes and reveals are decided on the command side from event-sourced state
 * (ADR 0003).
 */
@Component
public class Viewers {

    private final MongoTemplate mongo;

    public Viewers(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** A member of a workspace and that workspace's controls. */
    public record Viewer(Member member, WorkspaceSettings settings) {
    }

    public Optional<Viewer> find(String workspaceId, String memberId) {
        if (workspaceId == null || memberId == null) {
            return Optional.empty();
        }
        WorkspaceDocument workspace = mongo.findById(workspaceId, WorkspaceDocument.class);
        // A suspended workspace has no viewers: its open subscriptions end at their next update.
        if (workspace == null || workspace.members() == null || workspace.settings() == null
                || Boolean.TRUE.equals(workspace.suspended())) {
            return Optional.empty();
        }
        WorkspaceDocument.Member member = workspace.members().get(memberId);
        if (member == null) {
            return Optional.empty();
        }
        return Optional.of(new Viewer(new Member(memberId, member.email(), member.title(), member.division(),
                member.permissions() == null ? java.util.Set.of() : member.permissions()), workspace.workspaceSettings()));
    }

    /** Whether the member owns the account: who reads the audit log and the answers about the past. */
    public boolean isAccountOwner(String workspaceId, String memberId) {
        return find(workspaceId, memberId)
                .map(viewer -> viewer.member().permissions().contains(Permission.ACCOUNT_OWNER)).orElse(false);
    }
}
