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
import io.secretledger.query.workspace.Viewers.Viewer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

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

    SecretProjection(MongoTemplate mongo, QueryUpdateEmitter updates, SecretReadAccess readAccess) {
        this.mongo = mongo;
        this.updates = updates;
        this.readAccess = readAccess;
        mongo.indexOps(SecretDocument.class).ensureIndex(new Index().on("workspaceId", Sort.Direction.ASC)
                .on("name", Sort.Direction.ASC).on("_id", Sort.Direction.ASC));
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
        applyOnce(event.secretId(), sequence,
                changed(sequence, at, event.actor()).set("assignedMemberIds", event.assignedMemberIds()));
    }

    @EventHandler
    void on(AccessRulesChanged event, @SequenceNumber long sequence, @Timestamp Instant at) {
        applyOnce(event.secretId(), sequence,
                changed(sequence, at, event.actor()).set("rules", event.rules()));
    }

    @EventHandler
    void on(RelatedTicketsChanged event, @SequenceNumber long sequence, @Timestamp Instant at) {
        applyOnce(event.secretId(), sequence,
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
     * A page of the secrets the viewer may see, by name. A viewer who reaches every secret pages straight
     * through the collection; anyone else pages through it deciding secret by secret, so that secrets they
     * may not see never count or show.
     */
    @QueryHandler
    SecretPage handle(FindSecrets query) {
        Optional<Viewer> viewer = readAccess.viewer(query.workspaceId(), query.viewerId());
        if (viewer.isEmpty()) {
            return new SecretPage(List.of(), false);
        }
        Criteria criteria = where("workspaceId").is(query.workspaceId());
        if (query.nameContains() != null && !query.nameContains().isBlank()) {
            criteria = criteria.and("name").regex(Pattern.quote(query.nameContains().strip()), "i");
        }
        TicketState ticket = null;
        if (query.ticketId() != null) {
            Optional<TicketState> found = readAccess.ticket(query.workspaceId(), query.ticketId());
            if (found.isEmpty()) {
                return new SecretPage(List.of(), false);
            }
            ticket = found.get();
            criteria = criteria.and("relatedTicketIds").is(query.ticketId());
        }
        boolean all = ticket == null && readAccess.seesAll(viewer.get());
        if (!all && ticket == null) {
            // Without a ticket and without reaching every secret, only an assignment or a rule can grant.
            criteria = criteria.orOperator(where("assignedMemberIds").is(query.viewerId()),
                    where("rules.0").exists(true));
        }
        List<SecretView> visible = new ArrayList<>();
        String afterName = query.afterName();
        String afterId = query.afterId();
        while (visible.size() <= query.limit()) {
            List<SecretDocument> batch = mongo.find(query(after(criteria, afterName, afterId))
                    .with(Sort.by(Sort.Order.asc("name"), Sort.Order.asc("_id")))
                    .limit(all ? query.limit() + 1 : BATCH), SecretDocument.class);
            for (SecretDocument document : batch) {
                if (visible.size() <= query.limit() && (all || readAccess.canView(viewer.get(), document, ticket))) {
                    visible.add(document.toView());
                }
            }
            if (all || batch.size() < BATCH) {
                break;
            }
            SecretDocument last = batch.get(batch.size() - 1);
            afterName = last.name();
            afterId = last.id();
        }
        boolean hasNext = visible.size() > query.limit();
        return new SecretPage(hasNext ? visible.subList(0, query.limit()) : visible, hasNext);
    }

    private static Criteria after(Criteria base, String afterName, String afterId) {
        if (afterName == null) {
            return base;
        }
        return new Criteria().andOperator(base, new Criteria().orOperator(where("name").gt(afterName),
                where("name").is(afterName).and("_id").gt(afterId)));
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
