package io.secretledger.query.template;

import io.secretledger.api.template.FindTemplate;
import io.secretledger.api.template.TemplateCreated;
import io.secretledger.api.template.TemplateView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

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
    void on(TemplateCreated event, @Timestamp Instant at) {
        Update insert = new Update()
                .setOnInsert("workspaceId", event.workspaceId())
                .setOnInsert("name", event.name())
                .setOnInsert("description", event.description())
                .setOnInsert("fields", event.fields())
                .setOnInsert("createdAt", at)
                .setOnInsert("createdBy", event.actor().displayName());
        mongo.upsert(query(where("_id").is(event.templateId())), insert, TemplateDocument.class);
        TemplateDocument document = mongo.findById(event.templateId(), TemplateDocument.class);
        if (document != null) {
            updates.emit(FindTemplate.class, query -> query.templateId().equals(event.templateId())
                    && query.workspaceId().equals(event.workspaceId()), document.toView());
        }
    }

    @ResetHandler
    void reset() {
        mongo.remove(new Query(), TemplateDocument.class);
    }

    @QueryHandler
    TemplateView handle(FindTemplate query) {
        TemplateDocument document = mongo.findOne(query(where("_id").is(query.templateId())
                .and("workspaceId").is(query.workspaceId())), TemplateDocument.class);
        return document == null ? null : document.toView();
    }
}
