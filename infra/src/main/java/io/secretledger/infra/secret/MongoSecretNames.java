package io.secretledger.infra.secret;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.secretledger.command.secret.SecretNames;
import io.secretledger.infra.embedded.ProjectionStoreCommits;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * Secret names in a collection whose {@code _id} is workspace and name, so the store's unique id index refuses
 * a second claim, on the embedded store and on MongoDB alike (ADR 0010). A claim whose secret never got
 * stored (its command failed after claiming) is taken over once it is a minute old and its secret has no
 * events; the minute keeps a claim whose creation is still being committed from being taken. A claim is in the
 * embedded store's file before the creation goes on: a crash after the creation's event must not free its name
 * (crash battery, issue 8).
 */
@Component
class MongoSecretNames implements SecretNames {

    static final String COLLECTION = "secret-names";
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);

    private final MongoCollection<Document> names;
    private final EventStore events;
    private final Clock clock;
    private final ProjectionStoreCommits commits;

    @Autowired
    MongoSecretNames(MongoTemplate mongo, EventStore events, ObjectProvider<ProjectionStoreCommits> commits) {
        this(mongo.getCollection(COLLECTION), events, Clock.systemUTC(), commits.getIfAvailable(() -> () -> {
        }));
    }

    MongoSecretNames(MongoCollection<Document> names, EventStore events, Clock clock, ProjectionStoreCommits commits) {
        this.names = names;
        this.events = events;
        this.clock = clock;
        this.commits = commits;
    }

    @Override
    public boolean claim(String workspaceId, String name, String secretId) {
        String id = workspaceId + "|" + name;
        Instant now = clock.instant();
        try {
            names.insertOne(new Document("_id", id).append("secretId", secretId).append("claimedAt", Date.from(now)));
            commits.awaitCommit();
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        Document holder = names.find(Filters.eq("_id", id)).first();
        if (holder == null) {
            return claim(workspaceId, name, secretId);
        }
        String holderId = holder.getString("secretId");
        if (holderId.equals(secretId)) {
            return true;
        }
        boolean abandoned = holder.getDate("claimedAt").toInstant().plus(ABANDONED_AFTER).isBefore(now)
                && events.lastSequenceNumberFor(holderId).isEmpty();
        if (!abandoned) {
            return false;
        }
        // Replace only the abandoned claim we looked at: a concurrent taker wins or loses as a whole.
        boolean taken = names.replaceOne(Filters.and(Filters.eq("_id", id), Filters.eq("secretId", holderId)),
                new Document("_id", id).append("secretId", secretId).append("claimedAt", Date.from(now)))
                .getModifiedCount() == 1;
        if (taken) {
            commits.awaitCommit();
        }
        return taken;
    }

    @Override
    public Optional<String> holder(String workspaceId, String name) {
        if (workspaceId == null || name == null) {
            return Optional.empty();
        }
        Document holder = names.find(Filters.eq("_id", workspaceId + "|" + name)).first();
        return holder == null ? Optional.empty() : Optional.of(holder.getString("secretId"));
    }

    @Override
    public void release(String workspaceId, String name, String secretId) {
        // Read and delete by id alone: the embedded store scans the collection for any other filter.
        String id = workspaceId + "|" + name;
        Document holder = names.find(Filters.eq("_id", id)).first();
        if (holder != null && secretId.equals(holder.getString("secretId"))) {
            names.deleteOne(Filters.eq("_id", id));
        }
    }
}
