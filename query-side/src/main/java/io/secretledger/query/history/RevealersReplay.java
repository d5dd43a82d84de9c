package io.secretledger.query.history;

import io.secretledger.api.access.AccessDecision;
import io.secretledger.api.access.AccessRule;
import io.secretledger.api.access.AccessRulesChanged;
import io.secretledger.api.access.AssignmentChanged;
import io.secretledger.api.access.RelatedContactsChanged;
import io.secretledger.api.access.RelatedTicketsChanged;
import io.secretledger.api.audit.FindWhoCouldReveal;
import io.secretledger.api.audit.RevealersAt;
import io.secretledger.api.secret.SecretCreated;
import io.secretledger.api.secret.SecretDeleted;
import io.secretledger.api.secret.SecretExpirationChanged;
import io.secretledger.api.secret.SecretExpired;
import io.secretledger.api.secret.SecretPurged;
import io.secretledger.api.secret.SecretRestored;
import io.secretledger.api.secret.Visibility;
import io.secretledger.api.ticket.TicketRegistered;
import io.secretledger.api.ticket.TicketUpdated;
import io.secretledger.api.workspace.MemberAdded;
import io.secretledger.api.workspace.MemberPermissionsChanged;
import io.secretledger.api.workspace.MemberProfileChanged;
import io.secretledger.api.workspace.MemberRemoved;
import io.secretledger.api.workspace.WorkspaceCreated;
import io.secretledger.api.workspace.WorkspaceResumed;
import io.secretledger.api.workspace.WorkspaceSuspended;
import io.secretledger.api.workspace.WorkspaceSettings;
import io.secretledger.api.accessrequest.AccessGrantExpired;
import io.secretledger.api.accessrequest.AccessRequestApproved;
import io.secretledger.api.accessrequest.AccessRequestDenied;
import io.secretledger.api.accessrequest.AccessRequestIds;
import io.secretledger.api.accessrequest.AccessRequested;
import io.secretledger.api.accessrequest.BreakGlassAccessGranted;
import io.secretledger.policy.TemporaryAccess;
import io.secretledger.api.workspace.WorkspaceSettingsChanged;
import io.secretledger.policy.AccessPolicy;
import io.secretledger.policy.Member;
import io.secretledger.policy.SecretAccess;
import io.secretledger.policy.TicketState;
import io.secretledger.query.workspace.Viewers;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who could have revealed a secret at an instant, and by which grant: the workspace's members and settings, the
 * secret's access and the tickets involved are each folded from their own events up to that instant, then asked
 * the same policy a reveal asks. Today's projections play no part. Account owners only.
 */
@Component
class RevealersReplay {

    private final EventStore eventStore;
    private final Viewers viewers;

    RevealersReplay(EventStore eventStore, Viewers viewers) {
        this.eventStore = eventStore;
        this.viewers = viewers;
    }

    @QueryHandler
    RevealersAt handle(FindWhoCouldReveal query) {
        if (!viewers.isAccountOwner(query.workspaceId(), query.viewerId())) {
            return null;
        }
        List<? extends DomainEventMessage<?>> secretEvents = events(query.secretId());
        if (secretEvents.isEmpty() || !(secretEvents.get(0).getPayload() instanceof SecretCreated created)
                || !created.workspaceId().equals(query.workspaceId())) {
            return null;
        }
        Instant createdAt = secretEvents.get(0).getTimestamp();
        if (createdAt.isAfter(query.at())) {
            return new RevealersAt(false, createdAt, false, List.of());
        }
        SecretThen secret = new SecretThen();
        until(secretEvents, query.at()).forEach(secret::apply);
        if (created.visibility() == Visibility.RESTRICTED) {
            return new RevealersAt(true, createdAt, true, List.of());
        }
        if (secret.gone) {
            return new RevealersAt(true, createdAt, false, List.of());
        }
        WorkspaceThen workspace = new WorkspaceThen();
        until(events(query.workspaceId()), query.at()).forEach(workspace::apply);
        List<TicketState> linked = secret.relatedTicketIds.stream()
                .map(id -> ticket(query.workspaceId(), id, query.at())).flatMap(Optional::stream).toList();
        TicketState current = query.ticketId() == null ? null
                : ticket(query.workspaceId(), query.ticketId(), query.at()).orElse(null);
        SecretAccess access = new SecretAccess(secret.assignedMemberIds, secret.rules, secret.relatedTicketIds,
                secret.relatedContactIds);
        List<RevealersAt.Revealer> revealers = new ArrayList<>();
        for (Member member : workspace.suspended ? List.<Member>of() : workspace.members.values()) {
            AccessDecision decision = AccessPolicy.decide(query.secretId(), member.memberId(), Optional.of(member),
                    workspace.settings, access, linked, current,
                    granted(query.workspaceId(), query.secretId(), member.memberId(), query.at()), query.at());
            if (!decision.canView() || (secret.expired && !AccessPolicy.holdsModifyAll(Optional.of(member)))) {
                continue;
            }
            revealers.add(new RevealersAt.Revealer(member.memberId(), member.email(),
                    decision.viewGrants().get(0).name(), secret.expired));
        }
        return new RevealersAt(true, createdAt, false, revealers);
    }

    private List<? extends DomainEventMessage<?>> events(String aggregateId) {
        return eventStore.readEvents(aggregateId, 0L).asStream().toList();
    }

    private static List<Object> until(List<? extends DomainEventMessage<?>> events, Instant at) {
        return events.stream().takeWhile(event -> !event.getTimestamp().isAfter(at))
                .<Object>map(DomainEventMessage::getPayload).toList();
    }

    /** The member's granted request for the secret as it stood at {@code at}, with its ticket as it was. */
    private TemporaryAccess granted(String workspaceId, String secretId, String memberId, Instant at) {
        TemporaryAccess granted = null;
        String pendingTicket = null;
        for (Object event : until(events(AccessRequestIds.of(secretId, memberId)), at)) {
            if (event instanceof AccessRequested requested && requested.workspaceId().equals(workspaceId)) {
                granted = null;
                pendingTicket = requested.ticketId();
            } else if (event instanceof AccessRequestApproved approved) {
                granted = new TemporaryAccess(approved.requestId(), pendingTicket, true, approved.until(), false);
            } else if (event instanceof BreakGlassAccessGranted broke && broke.workspaceId().equals(workspaceId)) {
                granted = new TemporaryAccess(broke.requestId(), null, true, broke.until(), true);
            } else if (event instanceof AccessRequestDenied || event instanceof AccessGrantExpired) {
                granted = null;
            }
        }
        if (granted == null || granted.ticketId() == null) {
            return granted;
        }
        boolean open = ticket(workspaceId, granted.ticketId(), at).map(TicketState::open).orElse(false);
        return new TemporaryAccess(granted.requestId(), granted.ticketId(), open, granted.until(), false);
    }

    private Optional<TicketState> ticket(String workspaceId, String ticketId, Instant at) {
        TicketState state = null;
        for (Object event : until(events(ticketId), at)) {
            if (event instanceof TicketRegistered registered && registered.workspaceId().equals(workspaceId)) {
                state = new TicketState(ticketId, workspaceId, Set.copyOf(registered.contactIds()),
                        Set.copyOf(registered.memberIds()));
            } else if (event instanceof TicketUpdated updated && state != null) {
                state = new TicketState(ticketId, workspaceId, Set.copyOf(updated.contactIds()),
                        Set.copyOf(updated.memberIds()), updated.open());
            }
        }
        return Optional.ofNullable(state);
    }

    /** The secret's access as it was. */
    private static final class SecretThen {

        Set<String> assignedMemberIds = Set.of();
        List<AccessRule> rules = List.of();
        Set<String> relatedTicketIds = Set.of();
        Set<String> relatedContactIds = Set.of();
        boolean expired;
        boolean gone;

        void apply(Object event) {
            if (event instanceof AssignmentChanged assigned) {
                assignedMemberIds = Set.copyOf(assigned.assignedMemberIds());
            } else if (event instanceof AccessRulesChanged changed) {
                rules = List.copyOf(changed.rules());
            } else if (event instanceof RelatedTicketsChanged tickets) {
                relatedTicketIds = Set.copyOf(tickets.relatedTicketIds());
            } else if (event instanceof RelatedContactsChanged contacts) {
                relatedContactIds = Set.copyOf(contacts.relatedContactIds());
            } else if (event instanceof SecretExpired) {
                expired = true;
            } else if (event instanceof SecretExpirationChanged) {
                expired = false;
            } else if (event instanceof SecretDeleted || event instanceof SecretPurged) {
                gone = true;
            } else if (event instanceof SecretRestored) {
                gone = false;
            }
        }
    }

    /** The workspace's members and controls as they were. */
    private static final class WorkspaceThen {

        final Map<String, Member> members = new LinkedHashMap<>();
        WorkspaceSettings settings = WorkspaceSettings.defaults();
        /** While an operator had suspended it, nobody could reveal anything of it. */
        boolean suspended;

        void apply(Object event) {
            if (event instanceof WorkspaceCreated created) {
                members.put(created.ownerMemberId(), new Member(created.ownerMemberId(), created.ownerEmail(), null,
                        null, Set.copyOf(created.ownerPermissions())));
            } else if (event instanceof MemberAdded added) {
                members.put(added.memberId(), new Member(added.memberId(), added.email(), added.title(),
                        added.division(), Set.copyOf(added.permissions())));
            } else if (event instanceof MemberRemoved removed) {
                members.remove(removed.memberId());
            } else if (event instanceof MemberPermissionsChanged changed) {
                members.computeIfPresent(changed.memberId(), (id, m) -> new Member(id, m.email(), m.title(),
                        m.division(), Set.copyOf(changed.permissions())));
            } else if (event instanceof MemberProfileChanged changed) {
                members.computeIfPresent(changed.memberId(), (id, m) -> new Member(id, m.email(), changed.title(),
                        changed.division(), m.permissions()));
            } else if (event instanceof WorkspaceSettingsChanged changed) {
                settings = changed.settings();
            } else if (event instanceof WorkspaceSuspended) {
                suspended = true;
            } else if (event instanceof WorkspaceResumed) {
                suspended = false;
            }
        }
    }
}
