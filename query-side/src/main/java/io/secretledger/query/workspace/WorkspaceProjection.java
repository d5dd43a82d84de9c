package io.secretledger.query.workspace;

import io.secretledger.api.integration.EgressAllowlistChanged;
import io.secretledger.api.secret.WatchTicketPanel;
import io.secretledger.api.invitation.InvitationAccepted;
import io.secretledger.api.invitation.InvitationRevoked;
import io.secretledger.api.invitation.MemberInvited;
import io.secretledger.api.workspace.FindWorkspace;
import io.secretledger.api.workspace.FindWorkspaceSummary;
import io.secretledger.api.workspace.FindWorkspaces;
import io.secretledger.api.workspace.WorkspaceRenamed;
import io.secretledger.api.workspace.WorkspaceResumed;
import io.secretledger.api.workspace.WorkspaceSummary;
import io.secretledger.api.workspace.WorkspaceSummaryPage;
import io.secretledger.api.workspace.WorkspaceSuspended;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import io.secretledger.api.workspace.MemberAdded;
import io.secretledger.api.workspace.MemberPermissionsChanged;
import io.secretledger.api.workspace.MemberProfileChanged;
import io.secretledger.api.workspace.MemberRemoved;
import io.secretledger.api.workspace.ServiceAccountCreated;
import io.secretledger.api.workspace.ServiceAccountTokenIssued;
import io.secretledger.api.workspace.ServiceAccountTokenRevoked;
import io.secretledger.api.workspace.WorkspaceCreated;
import io.secretledger.api.workspace.WorkspaceSettings;
import io.secretledger.api.workspace.WorkspaceSettingsChanged;
import io.secretledger.api.workspace.WorkspaceView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.util.List;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Workspaces and their members for display. Each handler sets the state its event describes, so events
 * redelivered in order converge on the same document. Access decisions never read this view (ADR 0003).
 */
@Component
@ProcessingGroup("workspace-directory")
class WorkspaceProjection {

    private final MongoTemplate mongo;
    private final QueryUpdateEmitter updates;
    private final MembershipProjection memberships;

    WorkspaceProjection(MongoTemplate mongo, QueryUpdateEmitter updates, MembershipProjection memberships) {
        this.mongo = mongo;
        this.updates = updates;
        this.memberships = memberships;
    }

    @EventHandler
    void on(WorkspaceCreated event, @Timestamp java.time.Instant at) {
        apply(event.workspaceId(), new Update().set("name", event.name()).set("settings", WorkspaceDocument.Settings.of(WorkspaceSettings.defaults()))
                .set("createdAt", at).set("suspended", false)
                .set("members." + event.ownerMemberId(), new WorkspaceDocument.Member(event.ownerEmail(), null, null,
                        event.ownerPermissions())));
    }

    @EventHandler
    void on(MemberAdded event) {
        apply(event.workspaceId(), new Update().set("members." + event.memberId(), new WorkspaceDocument.Member(
                event.email(), event.title(), event.division(), event.permissions())));
        memberships.memberAdded(event.memberId());
    }

    @EventHandler
    void on(MemberRemoved event) {
        apply(event.workspaceId(), new Update().unset("members." + event.memberId()));
    }

    @EventHandler
    void on(MemberPermissionsChanged event) {
        apply(event.workspaceId(), new Update().set("members." + event.memberId() + ".permissions",
                event.permissions()));
    }

    @EventHandler
    void on(MemberProfileChanged event) {
        apply(event.workspaceId(), new Update().set("members." + event.memberId() + ".title", event.title())
                .set("members." + event.memberId() + ".division", event.division()));
    }

    @EventHandler
    void on(WorkspaceSettingsChanged event) {
        apply(event.workspaceId(), new Update().set("settings", WorkspaceDocument.Settings.of(event.settings())));
    }

    @EventHandler
    void on(EgressAllowlistChanged event) {
        apply(event.workspaceId(), new Update().set("egressAllowlist", event.rules()));
    }

    @EventHandler
    void on(ServiceAccountCreated event) {
        apply(event.workspaceId(), new Update().set("serviceAccounts." + event.serviceAccountId(),
                new WorkspaceDocument.ServiceAccount(event.name(), event.scopes(), java.util.Set.of())));
    }

    @EventHandler
    void on(ServiceAccountTokenIssued event) {
        apply(event.workspaceId(), new Update().addToSet("serviceAccounts." + event.serviceAccountId()
                + ".activeTokenIds", event.tokenId()));
    }

    @EventHandler
    void on(ServiceAccountTokenRevoked event) {
        apply(event.workspaceId(), new Update().pull("serviceAccounts." + event.serviceAccountId()
                + ".activeTokenIds", event.tokenId()));
    }

    @EventHandler
    void on(MemberInvited event) {
        apply(event.workspaceId(), new Update().set("invitations." + event.invitationId(),
                new WorkspaceDocument.Invitation(event.email(), event.permissions(), event.title(), event.division(),
                        event.expiresAt(), event.actor() == null ? null : event.actor().displayName())));
    }

    @EventHandler
    void on(InvitationRevoked event) {
        apply(event.workspaceId(), new Update().unset("invitations." + event.invitationId()));
    }

    @EventHandler
    void on(InvitationAccepted event) {
        apply(event.workspaceId(), new Update().unset("invitations." + event.invitationId()));
    }

    @EventHandler
    void on(WorkspaceRenamed event) {
        apply(event.workspaceId(), new Update().set("name", event.name()));
    }

    @EventHandler
    void on(WorkspaceSuspended event) {
        apply(event.workspaceId(), new Update().set("suspended", true).set("suspendedReason", event.reason()));
    }

    @EventHandler
    void on(WorkspaceResumed event) {
        apply(event.workspaceId(), new Update().set("suspended", false).unset("suspendedReason"));
    }

    @QueryHandler
    WorkspaceSummaryPage handle(FindWorkspaces query) {
        Criteria criteria = new Criteria();
        if (query.search() != null && !query.search().isBlank()) {
            criteria = where("name").regex(java.util.regex.Pattern.quote(query.search().strip()), "i");
        }
        if (query.afterName() != null) {
            criteria = new Criteria().andOperator(criteria, new Criteria().orOperator(where("name").gt(query.afterName()),
                    where("name").is(query.afterName()).and("_id").gt(query.afterId())));
        }
        List<WorkspaceSummary> found = mongo.find(query(criteria).with(Sort.by("name", "_id")).limit(query.limit() + 1),
                WorkspaceDocument.class).stream().map(WorkspaceDocument::toSummary).toList();
        boolean hasNext = found.size() > query.limit();
        return new WorkspaceSummaryPage(hasNext ? found.subList(0, query.limit()) : found, hasNext);
    }

    @QueryHandler
    WorkspaceSummary handle(FindWorkspaceSummary query) {
        WorkspaceDocument document = mongo.findById(query.workspaceId(), WorkspaceDocument.class);
        return document == null ? null : document.toSummary();
    }

    @ResetHandler
    void reset() {
        mongo.remove(new Query(), WorkspaceDocument.class);
    }

    @QueryHandler
    WorkspaceView handle(FindWorkspace query) {
        WorkspaceDocument document = mongo.findById(query.workspaceId(), WorkspaceDocument.class);
        return document == null ? null : document.toView();
    }

    private void apply(String workspaceId, Update update) {
        mongo.upsert(query(where("_id").is(workspaceId)), update, WorkspaceDocument.class);
        WorkspaceDocument document = mongo.findById(workspaceId, WorkspaceDocument.class);
        if (document != null) {
            updates.emit(FindWorkspace.class, query -> query.workspaceId().equals(workspaceId), document.toView());
            updates.emit(FindWorkspaceSummary.class, query -> query.workspaceId().equals(workspaceId),
                    document.toSummary());
        }
        // Members, permissions and controls decide every ticket panel of the workspace: each looks again, and a
        // removed member's panel ends.
        updates.emit(WatchTicketPanel.class, watch -> watch.workspaceId().equals(workspaceId), "workspace");
    }
}
