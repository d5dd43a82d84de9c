package io.secretledger.query.accessrequest;

import io.secretledger.api.accessrequest.AccessGrantExpired;
import io.secretledger.api.accessrequest.AccessRequestApproved;
import io.secretledger.api.accessrequest.AccessRequestDenied;
import io.secretledger.api.accessrequest.AccessRequestPage;
import io.secretledger.api.accessrequest.AccessRequestStatus;
import io.secretledger.api.accessrequest.AccessRequestView;
import io.secretledger.api.accessrequest.AccessRequested;
import io.secretledger.api.accessrequest.BreakGlassAccessGranted;
import io.secretledger.api.accessrequest.FindAccessRequests;
import io.secretledger.api.accessrequest.WatchAccessRequests;
import io.secretledger.api.ticket.TicketUpdated;
import io.secretledger.policy.AccessPolicy;
import io.secretledger.query.secret.SecretReadAccess;
import io.secretledger.query.workspace.Viewers;
import io.secretledger.query.workspace.Viewers.Viewer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Access requests for approvers and requesters (issue 20): the latest request of each member for each secret, set
 * whole by each event (idempotent under redelivery), and pushed to the subscribers who may see it.
 */
@Component
@ProcessingGroup("access-requests")
class AccessRequestProjection {

    private final MongoTemplate mongo;
    private final QueryUpdateEmitter updates;
    private final Viewers viewers;
    private final SecretReadAccess secrets;

    AccessRequestProjection(MongoTemplate mongo, QueryUpdateEmitter updates, Viewers viewers,
                            SecretReadAccess secrets) {
        this.mongo = mongo;
        this.updates = updates;
        this.viewers = viewers;
        this.secrets = secrets;
    }

    @EventHandler
    void on(AccessRequested event, @Timestamp Instant at) {
        save(new AccessRequestDocument(event.requestId(), event.workspaceId(), event.secretId(), event.memberId(),
                event.number(), event.ticketId(), event.reason(), event.durationMinutes(), false,
                AccessRequestStatus.PENDING, at, null, null, null, null, false));
    }

    @EventHandler
    void on(BreakGlassAccessGranted event, @Timestamp Instant at) {
        save(new AccessRequestDocument(event.requestId(), event.workspaceId(), event.secretId(), event.memberId(),
                event.number(), null, event.reason(), null, true, AccessRequestStatus.APPROVED, at, at,
                event.actor().displayName(), null, event.until(), false));
    }

    @EventHandler
    void on(AccessRequestApproved event, @Timestamp Instant at) {
        decided(event.requestId(), event.number(), new Update().set("status", AccessRequestStatus.APPROVED)
                .set("decidedAt", at).set("decidedBy", event.actor().displayName()).set("comment", event.comment())
                .set("until", event.until()));
    }

    @EventHandler
    void on(AccessRequestDenied event, @Timestamp Instant at) {
        decided(event.requestId(), event.number(), new Update().set("status", AccessRequestStatus.DENIED)
                .set("decidedAt", at).set("decidedBy", event.actor().displayName()).set("comment", event.comment()));
    }

    @EventHandler
    void on(AccessGrantExpired event) {
        decided(event.requestId(), event.number(), new Update().set("status", AccessRequestStatus.ENDED));
    }

    /** A closed ticket ends what was granted for it (and a reopened one does not bring it back: see the ADR). */
    @EventHandler
    void on(TicketUpdated event) {
        if (event.open()) {
            return;
        }
        Query granted = query(where("ticketId").is(event.ticketId()).and("workspaceId").is(event.workspaceId())
                .and("status").is(AccessRequestStatus.APPROVED));
        List<AccessRequestDocument> ended = mongo.find(granted, AccessRequestDocument.class);
        mongo.updateMulti(granted, new Update().set("ticketClosed", true), AccessRequestDocument.class);
        ended.forEach(request -> emit(request.id()));
    }

    @ResetHandler
    void reset() {
        mongo.remove(new Query(), AccessRequestDocument.class);
    }

    @QueryHandler
    AccessRequestPage handle(FindAccessRequests query) {
        Optional<Viewer> viewer = viewers.find(query.workspaceId(), query.viewerId());
        if (viewer.isEmpty()) {
            return new AccessRequestPage(List.of(), false);
        }
        Criteria criteria = where("workspaceId").is(query.workspaceId());
        if (!approver(viewer.get())) {
            criteria = criteria.and("memberId").is(query.viewerId());
        }
        Instant now = Instant.now();
        if (query.status() != null) {
            criteria = new Criteria().andOperator(criteria, status(query.status(), now));
        }
        if (query.afterRequestedAt() != null) {
            criteria = new Criteria().andOperator(criteria, new Criteria().orOperator(
                    where("requestedAt").lt(query.afterRequestedAt()),
                    where("requestedAt").is(query.afterRequestedAt()).and("_id").lt(query.afterId())));
        }
        List<AccessRequestDocument> found = mongo.find(query(criteria)
                .with(Sort.by(Sort.Direction.DESC, "requestedAt", "_id")).limit(query.limit() + 1),
                AccessRequestDocument.class);
        boolean hasNext = found.size() > query.limit();
        return new AccessRequestPage((hasNext ? found.subList(0, query.limit()) : found).stream()
                .map(request -> view(request, now)).toList(), hasNext);
    }

    @QueryHandler
    Boolean handle(WatchAccessRequests query) {
        return viewers.find(query.workspaceId(), query.viewerId()).isPresent();
    }

    private static Criteria status(AccessRequestStatus status, Instant now) {
        Criteria live = new Criteria().andOperator(where("status").is(AccessRequestStatus.APPROVED),
                where("until").gt(now), where("ticketClosed").ne(true));
        return switch (status) {
            case PENDING, DENIED -> where("status").is(status);
            case APPROVED -> live;
            case ENDED -> new Criteria().orOperator(where("status").is(AccessRequestStatus.ENDED),
                    new Criteria().andOperator(where("status").is(AccessRequestStatus.APPROVED),
                            new Criteria().orOperator(where("until").lte(now), where("ticketClosed").is(true))));
        };
    }

    private static boolean approver(Viewer viewer) {
        return AccessPolicy.holdsModifyAll(Optional.of(viewer.member()));
    }

    private void save(AccessRequestDocument request) {
        mongo.findAndReplace(query(where("_id").is(request.id())), request,
                FindAndReplaceOptions.options().upsert());
        emit(request.id());
    }

    /** Applies a decision to the request it names; a late copy of an earlier request's decision does nothing. */
    private void decided(String requestId, int number, Update update) {
        mongo.updateFirst(query(where("_id").is(requestId).and("number").is(number)), update,
                AccessRequestDocument.class);
        emit(requestId);
    }

    private void emit(String requestId) {
        AccessRequestDocument request = mongo.findById(requestId, AccessRequestDocument.class);
        if (request == null) {
            return;
        }
        AccessRequestView view = view(request, Instant.now());
        updates.emit(WatchAccessRequests.class, watch -> watch.workspaceId().equals(request.workspaceId())
                && (watch.viewerId().equals(request.memberId()) || viewers.find(watch.workspaceId(), watch.viewerId())
                .map(AccessRequestProjection::approver).orElse(false)), view);
    }

    private AccessRequestView view(AccessRequestDocument request, Instant now) {
        String email = viewers.find(request.workspaceId(), request.memberId()).map(v -> v.member().email())
                .orElse(null);
        return new AccessRequestView(request.id(), request.workspaceId(), request.secretId(),
                secrets.secretName(request.workspaceId(), request.secretId()).orElse(null), request.memberId(), email,
                request.number() == null ? 0 : request.number(), request.ticketId(), request.reason(),
                request.durationMinutes() == null ? 0 : request.durationMinutes(),
                Boolean.TRUE.equals(request.breakGlass()), request.statusAt(now), request.requestedAt(),
                request.decidedAt(), request.decidedBy(), request.comment(), request.until());
    }
}
