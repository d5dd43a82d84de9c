package io.secretledger.policy;

import io.secretledger.api.access.AccessDecision;
import io.secretledger.api.access.AccessRule;
import io.secretledger.api.access.Grant;
import io.secretledger.api.common.Permission;
import io.secretledger.api.workspace.WorkspaceSettings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one access policy (seed 000): any matching grant gives access. All-secrets permissions reach every
 * secret; assigned-only permissions reach a secret through a static assignment, a matching dynamic rule,
 * or, unless the workspace restricts Client Secrets to assigned users, implicitly. View and modify are
 * decided apart. Ticket rules use the secret's linked tickets and the ticket it is being used on.
 */
public final class AccessPolicy {

    private static final List<Permission> VIEW_ALL = List.of(Permission.ACCOUNT_OWNER, Permission.MODIFY_ALL,
            Permission.VIEW_ALL);
    private static final List<Permission> MODIFY_ALL = List.of(Permission.ACCOUNT_OWNER, Permission.MODIFY_ALL);

    private AccessPolicy() {
    }

    /** Creating secrets and templates, and managing who reaches a secret: "Modify all" or the account owner. */
    public static boolean holdsModifyAll(Optional<Member> member) {
        return member.map(m -> MODIFY_ALL.stream().anyMatch(m.permissions()::contains)).orElse(false);
    }

    public static AccessDecision decide(String secretId, String memberId, Optional<Member> found,
                                        WorkspaceSettings settings, SecretAccess access) {
        return decide(secretId, memberId, found, settings, access, List.of(), null);
    }

    /**
     * @param linkedTickets the secret's related tickets, as they are now
     * @param currentTicket the ticket the secret is being used on, or null
     */
    public static AccessDecision decide(String secretId, String memberId, Optional<Member> found,
                                        WorkspaceSettings settings, SecretAccess access,
                                        List<TicketState> linkedTickets, TicketState currentTicket) {
        return decide(secretId, memberId, found, settings, access, linkedTickets, currentTicket, null, null);
    }

    /**
     * @param temporary the member's granted request for this secret, or null
     * @param now       when the decision is made, against which a temporary grant is live
     */
    public static AccessDecision decide(String secretId, String memberId, Optional<Member> found,
                                        WorkspaceSettings settings, SecretAccess access,
                                        List<TicketState> linkedTickets, TicketState currentTicket,
                                        TemporaryAccess temporary, Instant now) {
        List<Grant> view = new ArrayList<>();
        List<Grant> modify = new ArrayList<>();
        List<String> denials = new ArrayList<>();
        if (found.isEmpty()) {
            denials.add("Not a member of this workspace");
            return new AccessDecision(secretId, memberId, false, false, view, modify, denials);
        }
        if (settings == null || !settings.clientSecretsEnabled()) {
            denials.add("Client Secrets is disabled for this workspace");
            return new AccessDecision(secretId, memberId, false, false, view, modify, denials);
        }
        Member member = found.get();
        Set<Permission> held = member.permissions().isEmpty() ? EnumSet.noneOf(Permission.class)
                : EnumSet.copyOf(member.permissions());
        for (Permission permission : VIEW_ALL) {
            if (held.contains(permission)) {
                view.add(new Grant("permission:" + permission, "Holds " + permission + ", which reaches every secret"));
            }
        }
        for (Permission permission : MODIFY_ALL) {
            if (held.contains(permission)) {
                modify.add(new Grant("permission:" + permission, "Holds " + permission
                        + ", which may change every secret"));
            }
        }
        boolean viewAssigned = held.contains(Permission.VIEW_ASSIGNED) || held.contains(Permission.MODIFY_ASSIGNED);
        boolean modifyAssigned = held.contains(Permission.MODIFY_ASSIGNED);
        List<Grant> reached = reachedBy(member, settings, access, linkedTickets, currentTicket);
        if (viewAssigned) {
            view.addAll(reached);
        }
        if (modifyAssigned) {
            modify.addAll(reached);
        }
        if (temporary != null && now != null && temporary.liveAt(now)) {
            // Break-glass comes first, so that what is revealed under it is recorded under it.
            view.add(temporary.breakGlass() ? 0 : view.size(), new Grant(temporary.grantName(), (temporary.breakGlass() ? "Broke the glass" : "Requested on ticket "
                    + temporary.ticketId() + " and approved") + ", until " + temporary.until()));
        }
        if (view.isEmpty()) {
            if (!viewAssigned) {
                denials.add("Holds no Client Secret permission that reaches secrets");
            } else {
                denials.add("Not assigned, no rule matches, and the workspace restricts Client Secrets to "
                        + "assigned users");
            }
        }
        return new AccessDecision(secretId, memberId, !view.isEmpty(), !modify.isEmpty(), view, modify, denials);
    }

    private static List<Grant> reachedBy(Member member, WorkspaceSettings settings, SecretAccess access,
                                         List<TicketState> linkedTickets, TicketState currentTicket) {
        List<Grant> grants = new ArrayList<>();
        if (access.assignedMemberIds().contains(member.memberId())) {
            grants.add(new Grant("assignment", "Assigned to this secret"));
        }
        for (AccessRule rule : access.rules()) {
            switch (rule.type()) {
                case MEMBER_TITLE_MATCHES -> {
                    if (Patterns.matches(rule.pattern(), member.title())) {
                        grants.add(new Grant("rule:" + rule.id(), "Title '" + member.title() + "' matches '"
                                + rule.pattern() + "'"));
                    }
                }
                case MEMBER_DIVISION_MATCHES -> {
                    if (Patterns.matches(rule.pattern(), member.division())) {
                        grants.add(new Grant("rule:" + rule.id(), "Division '" + member.division() + "' matches '"
                                + rule.pattern() + "'"));
                    }
                }
                case CAN_ACCESS_LINKED_TICKETS -> linkedTickets.stream()
                        .filter(ticket -> ticket.memberIds().contains(member.memberId())).findFirst()
                        .ifPresent(ticket -> grants.add(new Grant("rule:" + rule.id(),
                                "Can access the linked ticket " + ticket.ticketId())));
                case CAN_ACCESS_CURRENT_TICKET -> {
                    if (currentTicket != null && currentTicket.memberIds().contains(member.memberId())) {
                        grants.add(new Grant("rule:" + rule.id(), "Can access the current ticket "
                                + currentTicket.ticketId()));
                    }
                }
                case CURRENT_TICKET_HAS_RELATED_CONTACT -> {
                    if (currentTicket != null && currentTicket.contactIds().stream()
                            .anyMatch(access.relatedContactIds()::contains)) {
                        grants.add(new Grant("rule:" + rule.id(), "The current ticket " + currentTicket.ticketId()
                                + " involves a contact related to this secret"));
                    }
                }
            }
        }
        if (!settings.restrictToAssignedUsers()) {
            grants.add(new Grant("workspace:unrestricted",
                    "The workspace does not restrict Client Secrets to assigned users"));
        }
        return grants;
    }
}
