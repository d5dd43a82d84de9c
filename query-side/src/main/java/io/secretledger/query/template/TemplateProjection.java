package io.secretledger.query.template;

import io.secretledger.api.common.Actor;
import io.secretledger.api.template.FieldDefinition;
import io.secretledger.api.template.FindTemplate;
import io.secretledger.api.template.FindTemplates;
import io.secretledger.api.template.TemplateArchived;
import io.secretledger.api.template.TemplateCreated;
import io.secretledger.api.template.TemplateDescribed;
import io.secretledger.api.template.TemplateFieldAdded;
import io.secretledger.api.template.TemplateFieldChanged;
import io.secretledger.api.template.TemplateFieldRemoved;
import io.secretledger.api.template.TemplateFieldsReordered;
import io.secretledger.api.template.TemplatePage;
import io.secretledger.api.template.TemplateRenamed;
import io.secretledger.api.template.TemplateRestored;
import io.secretledger.api.template.TemplateView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** Templates as the API shows them. Template events are rare, so each change rewrites the document. */
@Component
@ProcessingGroup("template-catalog")
class TemplateProjection {

    private final MongoTemplate mongo;
    private final QueryUpdateEmitter updates;

    TemplateProjection(MongoTemplate mongo, QueryUpdateEmitter updates) {
        this.mongo = mongo;
        this.updates = updates;
    }

    @EventHandler
    void on(TemplateCreated event, @SequenceNumber long sequence, @Timestamp Instant at) {
        Update insert = new Update()
                .setOnInsert("workspaceId", event.workspaceId())
                .setOnInsert("name", event.name())
                .setOnInsert("description", event.description())
                .setOnInsert("fields", event.fields())
                .setOnInsert("archived", false)
                .setOnInsert("version", sequence)
                .setOnInsert("createdAt", at)
                .setOnInsert("createdBy", event.actor().displayName())
                .setOnInsert("updatedAt", at)
                .setOnInsert("updatedBy", event.actor().displayName());
        mongo.upsert(query(where("_id").is(event.templateId())), insert, TemplateDocument.class);
        emit(event.templateId());
    }

    @EventHandler
    void on(TemplateRenamed event, @SequenceNumber long sequence, @Timestamp Instant at) {
        applyOnce(event.templateId(), sequence, changed(sequence, at, event.actor()).set("name", event.name()));
    }

    @EventHandler
    void on(TemplateDescribed event, @SequenceNumber long sequence, @Timestamp Instant at) {
        applyOnce(event.templateId(), sequence,
                changed(sequence, at, event.actor()).set("description", event.description()));
    }

    @EventHandler
    void on(TemplateFieldAdded event, @SequenceNumber long sequence, @Timestamp Instant at) {
        applyToFields(event.templateId(), sequence, at, event.actor(), fields -> {
            fields.add(Math.min(event.position(), fields.size()), event.field());
            return fields;
        });
    }

    @EventHandler
    void on(TemplateFieldChanged event, @SequenceNumber long sequence, @Timestamp Instant at) {
        applyToFields(event.templateId(), sequence, at, event.actor(), fields -> {
            fields.replaceAll(field -> field.key().equals(event.field().key()) ? event.field() : field);
            return fields;
        });
    }

    @EventHandler
    void on(TemplateFieldRemoved event, @SequenceNumber long sequence, @Timestamp Instant at) {
        applyToFields(event.templateId(), sequence, at, event.actor(), fields -> {
            fields.removeIf(field -> field.key().equals(event.key()));
            return fields;
        });
    }

    @EventHandler
    void on(TemplateFieldsReordered event, @SequenceNumber long sequence, @Timestamp Instant at) {
        applyToFields(event.templateId(), sequence, at, event.actor(), fields -> {
            fields.sort(Comparator.comparingInt(field -> event.keys().indexOf(field.key())));
            return fields;
        });
    }

    @EventHandler
    void on(TemplateArchived event, @SequenceNumber long sequence, @Timestamp Instant at) {
        applyOnce(event.templateId(), sequence, changed(sequence, at, event.actor()).set("archived", true));
    }

    @EventHandler
    void on(TemplateRestored event, @SequenceNumber long sequence, @Timestamp Instant at) {
        applyOnce(event.templateId(), sequence, changed(sequence, at, event.actor()).set("archived", false));
    }

    @ResetHandler
    void reset() {
        mongo.remove(new Query(), TemplateDocument.class);
    }

    @QueryHandler
    TemplateView handle(FindTemplate query) {
        TemplateDocument document = mongo.findById(query.templateId(), TemplateDocument.class);
        return document == null || !document.workspaceId().equals(query.workspaceId()) ? null : document.toView();
    }

    /** A workspace has tens of templates, not thousands: a sorted query serves them on every store. */
    @QueryHandler
    TemplatePage handle(FindTemplates query) {
        Criteria criteria = where("workspaceId").is(query.workspaceId());
        if (!query.includeArchived()) {
            criteria = criteria.and("archived").is(false);
        }
        if (query.afterName() != null) {
            criteria = new Criteria().andOperator(criteria, new Criteria().orOperator(where("name").gt(query.afterName()),
                    where("name").is(query.afterName()).and("_id").gt(query.afterId())));
        }
        List<TemplateView> found = mongo.find(query(criteria).with(Sort.by("name", "_id")).limit(query.limit() + 1),
                TemplateDocument.class).stream().map(TemplateDocument::toView).toList();
        boolean hasNext = found.size() > query.limit();
        return new TemplatePage(hasNext ? found.subList(0, query.limit()) : found, hasNext);
    }

    private void applyToFields(String templateId, long sequence, Instant at, Actor actor,
                               UnaryOperator<List<FieldDefinition>> change) {
        TemplateDocument document = mongo.findById(templateId, TemplateDocument.class);
        if (document != null && document.version() < sequence) {
            List<FieldDefinition> fields = change.apply(new ArrayList<>(document.fields()));
            mongo.updateFirst(query(where("_id").is(templateId)), changed(sequence, at, actor).set("fields", fields),
                    TemplateDocument.class);
        }
        emit(templateId);
    }

    private void applyOnce(String templateId, long sequence, Update update) {
        TemplateDocument document = mongo.findById(templateId, TemplateDocument.class);
        if (document != null && document.version() < sequence) {
            mongo.updateFirst(query(where("_id").is(templateId)), update, TemplateDocument.class);
        }
        emit(templateId);
    }

    private void emit(String templateId) {
        TemplateDocument document = mongo.findById(templateId, TemplateDocument.class);
        if (document != null) {
            TemplateView view = document.toView();
            updates.emit(FindTemplate.class, query -> query.templateId().equals(templateId)
                    && query.workspaceId().equals(view.workspaceId()), view);
        }
    }

    private static Update changed(long sequence, Instant at, Actor actor) {
        return new Update().set("version", sequence).set("updatedAt", at).set("updatedBy", actor.displayName());
    }
}
