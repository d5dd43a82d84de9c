package io.secretledger.query.secret;

import io.secretledger.api.access.AccessRulesChanged;
import io.secretledger.api.access.AssignmentChanged;
import io.secretledger.api.access.RelatedContactsChanged;
import io.secretledger.api.access.RelatedTicketsChanged;
import io.secretledger.api.common.Actor;
import io.secretledger.api.secret.FieldValue;
import io.secretledger.api.secret.FindSecret;
import io.secretledger.api.secret.FindSecrets;
import io.secretledger.api.secret.SecretCreated;
import io.secretledger.api.secret.SecretEdited;
import io.secretledger.api.secret.SecretPage;
import io.secretledger.api.secret.SecretRevealed;
import io.secretledger.api.secret.SecretView;
import io.secretledger.policy.TicketState;
import io.secretledger.query.index.SortedIndex;
import io.secretledger.query.index.SortedIndex.Entry;
import io.secretledger.query.workspace.Viewers.Viewer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** The list and detail view of secrets, masked; pushes each change to subscribers of that secret. */
@Component
@ProcessingGroup(SecretProjection.PROCESSING_GROUP)
class SecretProjection {

    static final String PROCESSING_GROUP = "secret-catalog";

    private final MongoTemplate mongo;
    private final QueryUpdateEmitter updates;
    private static final int BATCH = 200;

    private final SecretReadAccess readAccess;
    private final SecretSets sets;

    SecretProjection(MongoTemplate mongo, QueryUpdateEmitter updates, SecretReadAccess readAccess) {
        this.mongo = mongo;
        this.updates = updates;
        this.readAccess = readAccess;
        this.sets = new SecretSets(new SortedIndex(mongo.getCollection(SecretSets.COLLECTION)));
        if (!mongo.collectionExists(SecretSets.COLLECTION)) {
            // A projection written before the sets existed: fill them once from the documents.
            mongo.stream(new Query(), SecretDocument.class).forEach(sets::fill);
        }
    }

    @EventHandler
    void on(SecretCreated event, @SequenceNumber long sequence, @Timestamp Instant at) {
        Map<String, SecretDocument.Value> values = new LinkedHashMap<>();
        event.values().forEach(value -> values.put(value.key(), valueOf(value)));
        Update insert = new Update()
                .setOnInsert("workspaceId", event.workspaceId())
                .setOnInsert("templateId", event.templateId())
                .setOnInsert("name", event.name())
                .setOnInsert("description", event.description())
                .setOnInsert("visibility", event.visibility())
                .setOnInsert("active", true)
                .setOnInsert("expiresAt", event.expiresAt())
                .setOnInsert("version", sequence)
                .setOnInsert("fields", event.layout().stream().map(field -> new SecretDocument.Field(field.key(),
                        field.label(), field.type(), field.sensitive())).toList())
                .setOnInsert("values", values)
                .setOnInsert("createdAt", at)
                .setOnInsert("createdBy", event.actor().displayName())
                .setOnInsert("updatedAt", at)
                .setOnInsert("updatedBy", event.actor().displayName())
                .setOnInsert("revealCount", 0L)
                .setOnInsert("assignedMemberIds", List.of())
                .setOnInsert("rules", List.of())
                .setOnInsert("relatedTicketIds", List.of())
                .setOnInsert("relatedContactIds", List.of());
        sets.created(event.workspaceId(), event.name(), event.secretId());
        mongo.upsert(query(where("_id").is(event.secretId())), insert, SecretDocument.class);
        emit(event.secretId());
    }

    @EventHandler
    void on(SecretEdited event, @SequenceNumber long sequence, @Timestamp Instant at) {
        Update update = changed(sequence, at, event.actor());
        if (event.description() != null) {
            update.set("description", event.description());
        }
        event.values().forEach(value -> update.set("values." + value.key(), valueOf(value)));
        applyOnce(event.secretId(), sequence, update);
    }

    @EventHandler
    void on(SecretRevealed event, @SequenceNumber long sequence) {
        applyOnce(event.secretId(), sequence, new Update().set("version", sequence).inc("revealCount", 1));
    }

    /** Kept so that queries decide with the same policy as commands. */
    @EventHandler
    void on(AssignmentChanged event, @SequenceNumber long sequence, @Timestamp Instant at) {
        applyOnce(event.secretId(), sequence, current -> sets.assigned(current, event.assignedMemberIds()),
                changed(sequence, at, event.actor()).set("assignedMemberIds", event.assignedMemberIds()));
    }

    @EventHandler
    void on(AccessRulesChanged event, @SequenceNumber long sequence, @Timestamp Instant at) {
        applyOnce(event.secretId(), sequence, current -> sets.ruled(current, !event.rules().isEmpty()),
                changed(sequence, at, event.actor()).set("rules", event.rules()));
    }

    @EventHandler
    void on(RelatedTicketsChanged event, @SequenceNumber long sequence, @Timestamp Instant at) {
        applyOnce(event.secretId(), sequence, current -> sets.related(current, event.relatedTicketIds()),
                changed(sequence, at, event.actor()).set("relatedTicketIds", event.relatedTicketIds()));
    }

    @EventHandler
    void on(RelatedContactsChanged event, @SequenceNumber long sequence, @Timestamp Instant at) {
        applyOnce(event.secretId(), sequence,
                changed(sequence, at, event.actor()).set("relatedContactIds", event.relatedContactIds()));
    }

    @ResetHandler
    void reset() {
        mongo.remove(new Query(), SecretDocument.class);
        sets.clear();
    }

    @QueryHandler
    SecretView handle(FindSecret query) {
        Optional<Viewer> viewer = readAccess.viewer(query.workspaceId(), query.viewerId());
        if (viewer.isEmpty()) {
            return null;
        }
        SecretDocument document = mongo.findOne(query(where("_id").is(query.secretId())
                .and("workspaceId").is(query.workspaceId())), SecretDocument.class);
        return document == null || !readAccess.canView(viewer.get(), document, null) ? null : document.toView();
    }

    /**
     * A page of the secrets the viewer may see, by name. The candidates come in name order from the sets the
     * projection keeps (every secret of the workspace for a viewer who reaches them all; else the viewer's
     * assignments and the secrets with rules; with a ticket, the secrets related to it), and each is decided
     * by the policy, so that secrets the viewer may not see never count or show.
     */
    @QueryHandler
    SecretPage handle(FindSecrets query) {
        Optional<Viewer> viewer = readAccess.viewer(query.workspaceId(), query.viewerId());
        if (viewer.isEmpty()) {
            return new SecretPage(List.of(), false);
        }
        Entry after = query.afterName() == null ? null : new Entry(query.afterName(),
                query.afterId() == null ? "" : query.afterId());
        TicketState ticket = null;
        Iterator<Entry> candidates;
        if (query.ticketId() != null) {
            Optional<TicketState> found = readAccess.ticket(query.workspaceId(), query.ticketId());
            if (found.isEmpty()) {
                return new SecretPage(List.of(), false);
            }
            ticket = found.get();
            candidates = sets.relatedTo(query.workspaceId(), query.ticketId(), after);
        } else if (readAccess.seesAll(viewer.get())) {
            candidates = sets.all(query.workspaceId(), after);
        } else {
            candidates = sets.reachable(query.workspaceId(), query.viewerId(), after);
        }
        String contains = query.nameContains() == null || query.nameContains().isBlank() ? null
                : query.nameContains().strip().toLowerCase(Locale.ROOT);
        List<SecretView> visible = new ArrayList<>();
        int wanted = query.limit() + 1;
        while (visible.size() <= query.limit() && candidates.hasNext()) {
            List<String> ids = new ArrayList<>();
            while (ids.size() < wanted && candidates.hasNext()) {
                Entry candidate = candidates.next();
                if (contains == null || candidate.key().toLowerCase(Locale.ROOT).contains(contains)) {
                    ids.add(candidate.id());
                }
            }
            Map<String, SecretDocument> found = new HashMap<>();
            mongo.find(query(where("_id").in(ids)), SecretDocument.class).forEach(doc -> found.put(doc.id(), doc));
            for (String id : ids) {
                SecretDocument document = found.get(id);
                if (visible.size() <= query.limit() && document != null
                        && document.workspaceId().equals(query.workspaceId())
                        && readAccess.canView(viewer.get(), document, ticket)) {
                    visible.add(document.toView());
                }
            }
            wanted = BATCH;
        }
        boolean hasNext = visible.size() > query.limit();
        return new SecretPage(hasNext ? visible.subList(0, query.limit()) : visible, hasNext);
    }

    /**
     * Applies an update unless the document already reflects this event (at-least-once delivery). Axon hands
     * the events of one secret to one thread in order, so checking then updating by id is race-free; and an
     * update filtered by id alone uses the id index on the embedded store too, whose update path scans the
     * whole collection when the filter holds anything more (measured: 6 ms against 0.1 ms at 20,000 secrets).
     */
    private void applyOnce(String secretId, long sequence, Update update) {
        if (mongo.exists(query(where("_id").is(secretId).and("version").lt(sequence)), SecretDocument.class)) {
            mongo.updateFirst(query(where("_id").is(secretId)), update, SecretDocument.class);
        }
        emit(secretId);
    }

    /**
     * As {@link #applyOnce(String, long, Update)}, first bringing the sets up to date from the document as it
     * was: their changes are idempotent, so a redelivery after a crash between the two finishes the work.
     */
    private void applyOnce(String secretId, long sequence, Consumer<SecretDocument> beforehand, Update update) {
        SecretDocument current = mongo.findById(secretId, SecretDocument.class);
        if (current != null && current.version() < sequence) {
            beforehand.accept(current);
            mongo.updateFirst(query(where("_id").is(secretId)), update, SecretDocument.class);
        }
        emit(secretId);
    }

    private void emit(String secretId) {
        SecretDocument document = mongo.findById(secretId, SecretDocument.class);
        if (document != null) {
            SecretView view = document.toView();
            updates.emit(FindSecret.class, query -> query.secretId().equals(secretId)
                    && query.workspaceId().equals(view.workspaceId()), view);
        }
    }

    /** The part of every change's update that says which event last changed the secret, when and by whom. */
    private static Update changed(long sequence, Instant at, Actor actor) {
        return new Update().set("version", sequence).set("updatedAt", at).set("updatedBy", actor.displayName());
    }

    private static SecretDocument.Value valueOf(FieldValue value) {
        return value.holdsCiphertext()
                ? new SecretDocument.Value(null, true, value.version())
                : new SecretDocument.Value(value.text(), false, value.version());
    }
}
