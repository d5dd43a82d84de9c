package io.secretledger.query.reminder;

import io.secretledger.api.reminder.FindReminderSettings;
import io.secretledger.api.reminder.ReminderDefaultsChanged;
import io.secretledger.api.reminder.ReminderSettings;
import io.secretledger.api.reminder.SecretRemindersChanged;
import io.secretledger.query.secret.SecretReadAccess;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.util.List;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** The reminder lead times of each workspace and of the secrets that have their own, keyed so replays upsert. */
@Component
@ProcessingGroup("reminder-settings")
class ReminderSettingsProjection {

    static final String COLLECTION = "reminder-settings";

    private final MongoTemplate mongo;
    private final SecretReadAccess readAccess;

    ReminderSettingsProjection(MongoTemplate mongo, SecretReadAccess readAccess) {
        this.mongo = mongo;
        this.readAccess = readAccess;
    }

    @EventHandler
    void on(ReminderDefaultsChanged event) {
        mongo.upsert(query(where("_id").is(workspaceKey(event.workspaceId()))),
                new Update().set("workspaceId", event.workspaceId()).set("leadDays", event.leadDays()), COLLECTION);
    }

    @EventHandler
    void on(SecretRemindersChanged event) {
        Query secret = query(where("_id").is(secretKey(event.secretId())));
        if (event.leadDays() == null) {
            mongo.remove(secret, COLLECTION);
        } else {
            mongo.upsert(secret, new Update().set("workspaceId", event.workspaceId())
                    .set("leadDays", event.leadDays()), COLLECTION);
        }
    }

    @ResetHandler
    void reset() {
        mongo.remove(new Query(), COLLECTION);
    }

    @QueryHandler
    ReminderSettings handle(FindReminderSettings query) {
        if (query.secretId() != null) {
            if (!readAccess.canView(query.workspaceId(), query.viewerId(), query.secretId())) {
                return null;
            }
            Document own = mongo.findById(secretKey(query.secretId()), Document.class, COLLECTION);
            if (own != null && query.workspaceId().equals(own.getString("workspaceId"))) {
                return new ReminderSettings(own.getList("leadDays", Integer.class), false);
            }
        }
        Document defaults = mongo.findById(workspaceKey(query.workspaceId()), Document.class, COLLECTION);
        return new ReminderSettings(defaults == null ? List.of() : defaults.getList("leadDays", Integer.class), true);
    }

    private static String workspaceKey(String workspaceId) {
        return "workspace|" + workspaceId;
    }

    private static String secretKey(String secretId) {
        return "secret|" + secretId;
    }
}
