package io.secretledger.query.workspace;

import io.secretledger.api.common.Permission;
import io.secretledger.api.integration.EgressRule;
import io.secretledger.api.workspace.ServiceScope;
import io.secretledger.api.workspace.WorkspaceSettings;
import io.secretledger.api.workspace.WorkspaceSummary;
import io.secretledger.api.workspace.WorkspaceView;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A workspace with its members keyed by member id; each handler sets the state its event describes. */
@Document("workspaces")
record WorkspaceDocument(@Id String id, String name, Settings settings, Map<String, Member> members,
                         Map<String, ServiceAccount> serviceAccounts, List<EgressRule> egressAllowlist,
                         Instant createdAt, Boolean suspended, String suspendedReason,
                         Map<String, Invitation> invitations) {

    record Invitation(String email, Set<Permission> permissions, String title, String division, Instant expiresAt,
                      String invitedBy) {
    }

    record Member(String email, String title, String division, Set<Permission> permissions) {
    }

    /**
     * The workspace controls as stored: boxed, because documents written before a control existed lack it, and
     * the mapping cannot give a record's primitive component a missing value. A missing control is off.
     */
    record Settings(Boolean clientSecretsEnabled, Boolean restrictToAssignedUsers, Boolean requireEmailVerification,
                    Boolean requireRevealReason, Boolean requireRevealTicket, Boolean requireOwnOpenTicket,
                    Integer maxAccessRequestHours, Integer maxShareLinkHours) {

        static Settings of(WorkspaceSettings settings) {
            return new Settings(settings.clientSecretsEnabled(), settings.restrictToAssignedUsers(),
                    settings.requireEmailVerification(), settings.requireRevealReason(),
                    settings.requireRevealTicket(), settings.requireOwnOpenTicket(),
                    settings.maxAccessRequestHours(), settings.maxShareLinkHours());
        }

        WorkspaceSettings toApi() {
            return new WorkspaceSettings(on(clientSecretsEnabled), on(restrictToAssignedUsers),
                    on(requireEmailVerification), on(requireRevealReason), on(requireRevealTicket),
                    on(requireOwnOpenTicket), maxAccessRequestHours == null
                            ? WorkspaceSettings.DEFAULT_MAX_ACCESS_REQUEST_HOURS : maxAccessRequestHours,
                    maxShareLinkHours == null ? WorkspaceSettings.DEFAULT_MAX_SHARE_LINK_HOURS : maxShareLinkHours);
        }

        private static boolean on(Boolean control) {
            return Boolean.TRUE.equals(control);
        }
    }

    /** The controls, or null for a document without any. */
    WorkspaceSettings workspaceSettings() {
        return settings == null ? null : settings.toApi();
    }

    record ServiceAccount(String name, Set<ServiceScope> scopes, Set<String> activeTokenIds) {
    }

    /** What operators see of it: no settings, secrets or service accounts, only its state and owners. */
    WorkspaceSummary toSummary() {
        List<String> owners = members == null ? List.of() : members.values().stream()
                .filter(m -> m.permissions() != null && m.permissions().contains(Permission.ACCOUNT_OWNER))
                .map(Member::email).sorted().toList();
        return new WorkspaceSummary(id, name, createdAt, Boolean.TRUE.equals(suspended), suspendedReason,
                members == null ? 0 : members.size(), owners);
    }

    WorkspaceView toView() {
        return new WorkspaceView(id, name, workspaceSettings(), members == null ? java.util.List.of()
                : members.entrySet().stream()
                        .map(e -> new WorkspaceView.MemberView(e.getKey(), e.getValue().email(), e.getValue().title(),
                                e.getValue().division(), e.getValue().permissions()))
                        .sorted(Comparator.comparing(WorkspaceView.MemberView::email))
                        .toList(),
                serviceAccounts == null ? java.util.List.of() : serviceAccounts.entrySet().stream()
                        .map(e -> new WorkspaceView.ServiceAccountView(e.getKey(), e.getValue().name(),
                                e.getValue().scopes(), e.getValue().activeTokenIds() == null ? Set.of()
                                : e.getValue().activeTokenIds()))
                        .sorted(Comparator.comparing(WorkspaceView.ServiceAccountView::name))
                        .toList(),
                egressAllowlist == null ? List.of() : egressAllowlist,
                invitations == null ? List.of() : invitations.entrySet().stream()
                        .map(e -> new WorkspaceView.InvitationView(e.getKey(), e.getValue().email(),
                                e.getValue().permissions(), e.getValue().title(), e.getValue().division(),
                                e.getValue().expiresAt(), e.getValue().invitedBy()))
                        .sorted(Comparator.comparing(WorkspaceView.InvitationView::email))
                        .toList());
    }
}
