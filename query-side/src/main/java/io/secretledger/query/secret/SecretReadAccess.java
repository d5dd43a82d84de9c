package io.secretledger.query.secret;

import io.secretledger.policy.AccessPolicy;
import io.secretledger.query.accessrequest.TemporaryGrants;
import io.secretledger.policy.SecretAccess;
import io.secretledger.policy.TicketState;
import io.secretledger.query.ticket.TicketDocument;
import io.secretledger.query.workspace.Viewers;
import io.secretledger.query.workspace.Viewers.Viewer;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;


/** Decides, for queries, whether a member may see a secret: the command side's policy on projected state. */
@Component
public class SecretReadAccess {

    private final MongoTemplate mongo;
    private final Viewers viewers;
    private final TemporaryGrants grants;

    SecretReadAccess(MongoTemplate mongo, Viewers viewers, TemporaryGrants grants) {
        this.mongo = mongo;
        this.viewers = viewers;
        this.grants = grants;
    }

    Optional<Viewer> viewer(String workspaceId, String memberId) {
        return viewers.find(workspaceId, memberId);
    }

    /** Whether the viewer reaches every secret whatever its assignments, rules and tickets. */
    boolean seesAll(Viewer viewer) {
        return AccessPolicy.decide(null, viewer.member().memberId(), Optional.of(viewer.member()), viewer.settings(),
                SecretAccess.none(), List.of(), null).canView();
    }

    boolean canView(Viewer viewer, SecretDocument secret, TicketState currentTicket) {
        SecretAccess access = secret.access();
        return AccessPolicy.decide(secret.id(), viewer.member().memberId(), Optional.of(viewer.member()),
                viewer.settings(), access, tickets(secret.workspaceId(), access.relatedTicketIds()), currentTicket)
                .canView();
    }

    /**
     * As {@link #canView(Viewer, SecretDocument, TicketState)}, and also through an approved access request: a
     * granted secret is reached by its id (the secret, its history, its reveal), it does not join the lists.
     */
    boolean canViewOne(Viewer viewer, SecretDocument secret) {
        if (canView(viewer, secret, null)) {
            return true;
        }
        SecretAccess access = secret.access();
        return grants.find(secret.workspaceId(), secret.id(), viewer.member().memberId())
                .map(granted -> AccessPolicy.decide(secret.id(), viewer.member().memberId(),
                        Optional.of(viewer.member()), viewer.settings(), access,
                        tickets(secret.workspaceId(), access.relatedTicketIds()), null, granted, Instant.now())
                        .canView())
                .orElse(false);
    }

    /** The secret's name (never secret itself), for views that name what they concern. */
    public Optional<String> secretName(String workspaceId, String secretId) {
        return Optional.ofNullable(secret(workspaceId, secretId)).map(SecretDocument::name);
    }

    /** Whether the member may see the secret now (for views that read the event store, such as history). */
    public boolean canView(String workspaceId, String memberId, String secretId) {
        Optional<Viewer> viewer = viewer(workspaceId, memberId);
        if (viewer.isEmpty()) {
            return false;
        }
        SecretDocument secret = secret(workspaceId, secretId);
        return secret != null && canViewOne(viewer.get(), secret);
    }

    /**
     * The secret's document if it belongs to the workspace. Read by id alone and checked here: the embedded
     * store scans the whole collection for a filter with more keys than its index.
     */
    SecretDocument secret(String workspaceId, String secretId) {
        SecretDocument secret = mongo.findById(secretId, SecretDocument.class);
        return secret == null || !workspaceId.equals(secret.workspaceId()) ? null : secret;
    }

    Optional<TicketState> ticket(String workspaceId, String ticketId) {
        TicketDocument ticket = mongo.findById(ticketId, TicketDocument.class);
        return ticket == null || !workspaceId.equals(ticket.workspaceId()) ? Optional.empty()
                : Optional.of(state(ticket));
    }

    private List<TicketState> tickets(String workspaceId, Set<String> ticketIds) {
        if (ticketIds.isEmpty()) {
            return List.of();
        }
        return ticketIds.stream().map(id -> ticket(workspaceId, id)).flatMap(Optional::stream).toList();
    }

    private static TicketState state(TicketDocument ticket) {
        return new TicketState(ticket.id(), ticket.workspaceId(),
                ticket.contactIds() == null ? Set.of() : ticket.contactIds(),
                ticket.memberIds() == null ? Set.of() : ticket.memberIds(), !Boolean.TRUE.equals(ticket.closed()));
    }
}
