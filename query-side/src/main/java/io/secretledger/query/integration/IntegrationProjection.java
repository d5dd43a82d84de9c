package io.secretledger.query.integration;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import io.secretledger.api.integration.FindIntegrations;
import io.secretledger.api.integration.HeaderTemplate;
import io.secretledger.api.integration.IntegrationDeleted;
import io.secretledger.api.integration.IntegrationSaved;
import io.secretledger.api.integration.IntegrationView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * The workspace's integration configurations: references to secrets, readable by its members and integrations.
 * Handled by the template catalog's processor: configurations change as rarely as templates, and each tracking
 * processor reads the whole event stream (a seventh one would cost every create and reveal).
 */
@Component
@ProcessingGroup("template-catalog")
class IntegrationProjection {

    static final String COLLECTION = "integrations";

    private final MongoTemplate mongo;

    IntegrationProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(IntegrationSaved event, @SequenceNumber long sequence) {
        Document stored = integrations().find(Filters.eq("_id", event.integrationId())).first();
        if (stored != null && stored.get("version", Number.class).longValue() >= sequence) {
            return;
        }
        Document document = new Document("_id", event.integrationId()).append("workspaceId", event.workspaceId())
                .append("name", event.name()).append("method", event.method()).append("url", event.url())
                .append("headers", event.headers().stream().map(header -> new Document("name", header.name())
                        .append("value", header.value())).toList())
                .append("body", event.body()).append("encryptionKeyRef", event.encryptionKeyRef())
                .append("referencedSecrets", event.referencedSecrets()).append("version", sequence);
        integrations().replaceOne(Filters.eq("_id", event.integrationId()), document,
                new ReplaceOptions().upsert(true));
    }

    @EventHandler
    void on(IntegrationDeleted event) {
        integrations().deleteOne(Filters.eq("_id", event.integrationId()));
    }

    @ResetHandler
    void reset() {
        // Not drop(): the embedded store logs an ERROR with a stack trace for a drop of a collection never created.
        integrations().deleteMany(new Document());
    }

    @QueryHandler
    List<IntegrationView> handle(FindIntegrations query) {
        Document workspace = mongo.getCollection("workspaces").find(Filters.eq("_id", query.workspaceId())).first();
        boolean known = workspace != null && query.viewerId() != null && !query.viewerId().contains(".")
                && (workspace.getEmbedded(List.of("members", query.viewerId()), Document.class) != null
                || workspace.getEmbedded(List.of("serviceAccounts", query.viewerId()), Document.class) != null);
        List<IntegrationView> views = new ArrayList<>();
        if (!known) {
            return views;
        }
        var filter = query.name() == null ? Filters.eq("workspaceId", query.workspaceId())
                : Filters.and(Filters.eq("workspaceId", query.workspaceId()), Filters.eq("name", query.name()));
        for (Document document : integrations().find(filter).sort(Sorts.ascending("name"))) {
            views.add(new IntegrationView(document.getString("_id"), document.getString("name"),
                    document.getString("method"), document.getString("url"),
                    document.getList("headers", Document.class).stream()
                            .map(header -> new HeaderTemplate(header.getString("name"), header.getString("value")))
                            .toList(),
                    document.getString("body"), document.getString("encryptionKeyRef"),
                    document.getList("referencedSecrets", String.class),
                    document.get("version", Number.class).longValue()));
        }
        return views;
    }

    private MongoCollection<Document> integrations() {
        return mongo.getCollection(COLLECTION);
    }
}
