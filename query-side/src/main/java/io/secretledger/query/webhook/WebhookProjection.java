package io.secretledger.query.webhook;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.secretledger.api.webhook.DeliveryOutcome;
import io.secretledger.api.webhook.FindWebhooks;
import io.secretledger.api.webhook.WebhookAttemptDue;
import io.secretledger.api.webhook.WebhookAttemptView;
import io.secretledger.api.webhook.WebhookChanged;
import io.secretledger.api.webhook.WebhookDeleted;
import io.secretledger.api.webhook.WebhookDeliveryRecorded;
import io.secretledger.api.webhook.WebhookDeliveryView;
import io.secretledger.api.webhook.WebhookRegistered;
import io.secretledger.api.webhook.WebhookSecretRotated;
import io.secretledger.api.webhook.WebhookView;
import io.secretledger.query.workspace.Viewers;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

/**
 * The workspace's webhooks and what became of each delivery, attempt by attempt (docs/adr/0027); never a signing
 * secret. Upserts keyed by webhook, delivery and attempt, so a replay rebuilds the same documents. Handled by the
 * workspace directory's processor: webhooks change as rarely as members, and each tracking processor reads the whole
 * event stream.
 */
@Component
@ProcessingGroup("workspace-directory")
class WebhookProjection {

    static final String WEBHOOKS = "webhooks";
    static final String DELIVERIES = "webhook-deliveries";
    private static final int MAX_DELIVERIES = 100;

    private final MongoTemplate mongo;
    private final Viewers viewers;

    WebhookProjection(MongoTemplate mongo, Viewers viewers) {
        this.mongo = mongo;
        this.viewers = viewers;
    }

    @EventHandler
    void on(WebhookRegistered event, @Timestamp Instant at) {
        webhooks().updateOne(Filters.eq("_id", event.webhookId()), Updates.combine(
                Updates.set("workspaceId", event.workspaceId()), Updates.set("url", event.url()),
                Updates.set("eventTypes", event.eventTypes()), Updates.set("enabled", true),
                Updates.set("secretVersion", event.secretVersion()), Updates.set("createdAt", Date.from(at))),
                new UpdateOptions().upsert(true));
    }

    @EventHandler
    void on(WebhookChanged event) {
        webhooks().updateOne(Filters.eq("_id", event.webhookId()), Updates.combine(
                Updates.set("eventTypes", event.eventTypes()), Updates.set("enabled", event.enabled())));
    }

    @EventHandler
    void on(WebhookSecretRotated event) {
        webhooks().updateOne(Filters.eq("_id", event.webhookId()),
                Updates.set("secretVersion", event.secretVersion()));
    }

    @EventHandler
    void on(WebhookDeleted event) {
        webhooks().deleteOne(Filters.eq("_id", event.webhookId()));
        deliveries().deleteMany(Filters.eq("webhookId", event.webhookId()));
    }

    @EventHandler
    void on(WebhookAttemptDue event, @Timestamp Instant at) {
        List<Bson> updates = new ArrayList<>(List.of(Updates.set("workspaceId", event.workspaceId()),
                Updates.set("webhookId", event.webhookId()), Updates.set("eventId", event.eventId()),
                Updates.set("eventType", event.eventType()), Updates.set("outcome", DeliveryOutcome.PENDING.name()),
                Updates.set("nextAttemptAt", Date.from(at)),
                Updates.set("attempts.a" + event.attempt(), attempt(event.attempt(), DeliveryOutcome.PENDING, null,
                        null, at))));
        if (event.attempt() == 1) {
            updates.add(Updates.set("queuedAt", Date.from(at)));
        }
        deliveries().updateOne(Filters.eq("_id", event.deliveryId()), Updates.combine(updates),
                new UpdateOptions().upsert(true));
    }

    @EventHandler
    void on(WebhookDeliveryRecorded event, @Timestamp Instant at) {
        DeliveryOutcome outcome = event.nextAttemptAt() == null ? event.outcome() : DeliveryOutcome.PENDING;
        deliveries().updateOne(Filters.eq("_id", event.deliveryId()), Updates.combine(
                Updates.set("workspaceId", event.workspaceId()), Updates.set("webhookId", event.webhookId()),
                Updates.set("eventId", event.eventId()), Updates.set("eventType", event.eventType()),
                Updates.set("outcome", outcome.name()),
                Updates.set("nextAttemptAt", event.nextAttemptAt() == null ? null : Date.from(event.nextAttemptAt())),
                Updates.set("attempts.a" + event.attempt(), attempt(event.attempt(), event.outcome(), event.status(),
                        event.error(), at))), new UpdateOptions().upsert(true));
    }

    @ResetHandler
    void reset() {
        webhooks().deleteMany(new Document());
        deliveries().deleteMany(new Document());
    }

    @QueryHandler
    List<WebhookView> handle(FindWebhooks query) {
        List<WebhookView> views = new ArrayList<>();
        if (!viewers.isAccountOwner(query.workspaceId(), query.viewerId())) {
            return views;
        }
        int limit = Math.max(0, Math.min(query.deliveries(), MAX_DELIVERIES));
        for (Document hook : webhooks().find(Filters.eq("workspaceId", query.workspaceId()))
                .sort(Sorts.ascending("createdAt"))) {
            List<WebhookDeliveryView> deliveries = new ArrayList<>();
            if (limit > 0) {
                for (Document delivery : deliveries().find(Filters.and(Filters.eq("webhookId", hook.getString("_id")),
                        Filters.eq("workspaceId", query.workspaceId()))).sort(Sorts.descending("queuedAt"))
                        .limit(limit)) {
                    deliveries.add(delivery(delivery));
                }
            }
            views.add(new WebhookView(hook.getString("_id"), hook.getString("url"),
                    hook.getList("eventTypes", String.class), hook.getBoolean("enabled", true),
                    hook.getInteger("secretVersion", 1), instant(hook.getDate("createdAt")), deliveries));
        }
        return views;
    }

    private static WebhookDeliveryView delivery(Document delivery) {
        Document attempts = delivery.get("attempts", Document.class);
        List<WebhookAttemptView> list = new ArrayList<>();
        if (attempts != null) {
            for (Object value : attempts.values()) {
                Document attempt = (Document) value;
                list.add(new WebhookAttemptView(attempt.getInteger("attempt"),
                        DeliveryOutcome.valueOf(attempt.getString("outcome")), attempt.getInteger("status"),
                        attempt.getString("error"), instant(attempt.getDate("at"))));
            }
        }
        list.sort(Comparator.comparingInt(WebhookAttemptView::attempt));
        return new WebhookDeliveryView(delivery.getString("_id"), delivery.getString("eventId"),
                delivery.getString("eventType"), DeliveryOutcome.valueOf(delivery.getString("outcome")),
                instant(delivery.getDate("queuedAt")), instant(delivery.getDate("nextAttemptAt")), list);
    }

    private static Document attempt(int attempt, DeliveryOutcome outcome, Integer status, String error, Instant at) {
        return new Document("attempt", attempt).append("outcome", outcome.name()).append("status", status)
                .append("error", error).append("at", Date.from(at));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private MongoCollection<Document> webhooks() {
        return mongo.getCollection(WEBHOOKS);
    }

    private MongoCollection<Document> deliveries() {
        return mongo.getCollection(DELIVERIES);
    }
}
