package io.secretledger.query.departure;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.secretledger.api.common.ActorType;
import io.secretledger.api.departure.DepartureExposure;
import io.secretledger.api.departure.DepartureSubject;
import io.secretledger.api.departure.ExposureKind;
import io.secretledger.query.index.SortedIndex;
import io.secretledger.query.index.SortedIndex.Entry;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The departure report's collections. Exposures are one document each, keyed by the event (and field) they come
 * from, and listed per subject in time order in a {@link SortedIndex} set, because the embedded store scans a
 * collection for any filter but an id (ADR 0009): a report reads its subject's set, never every reveal of the
 * installation. Secrets keep only each field's {@link FieldLineage} and whether they are deleted or purged;
 * subjects, every member and service account a workspace ever had, so that a removed member is still found.
 * Every write is an insert that ignores a duplicate id, an idempotent set change, or an update of one document
 * guarded by the event's sequence number: an event delivered twice changes nothing.
 */
final class DepartureStore {

    static final String EXPOSURES = "departure-exposures";
    static final String SECRETS = "departure-secrets";
    static final String SUBJECTS = "departure-subjects";
    static final String SETS = "departure-sets";
    /** Exposures looked up per read of the exposure documents. */
    private static final int BATCH = 100;
    /** Fixed width, so that the set's string order is time order. */
    private static final DateTimeFormatter SORTABLE = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final MongoCollection<Document> exposures;
    private final MongoCollection<Document> secrets;
    private final MongoCollection<Document> subjects;
    private final SortedIndex sets;

    DepartureStore(MongoDatabase database) {
        this.exposures = database.getCollection(EXPOSURES);
        this.secrets = database.getCollection(SECRETS);
        this.subjects = database.getCollection(SUBJECTS);
        this.sets = new SortedIndex(database.getCollection(SETS));
    }

    /** One exposure as stored: the facts of its event, without the secret's state now. */
    record Stored(String id, String workspaceId, String subjectId, String secretId, String fieldKey, int fieldVersion,
                  Instant at, String ticketId, ExposureKind how, String grant) {
    }

    /** A secret as the report needs it. */
    record Secret(String name, Map<String, FieldLineage> fields, boolean deleted, boolean purged) {
    }

    // --- subjects

    void subject(String workspaceId, String subjectId, ActorType type, String displayName) {
        subjects.updateOne(Filters.eq("_id", subjectKey(workspaceId, subjectId)), Updates.combine(
                        Updates.set("workspaceId", workspaceId), Updates.set("subjectId", subjectId),
                        Updates.set("type", type.name()), Updates.set("displayName", displayName),
                        Updates.set("removed", false), Updates.unset("removedAt")),
                new UpdateOptions().upsert(true));
    }

    void removed(String workspaceId, String subjectId, Instant at) {
        subjects.updateOne(Filters.eq("_id", subjectKey(workspaceId, subjectId)),
                Updates.combine(Updates.set("removed", true), Updates.set("removedAt", at.toString())));
    }

    DepartureSubject subject(String workspaceId, String subjectId) {
        Document found = subjects.find(Filters.eq("_id", subjectKey(workspaceId, subjectId))).first();
        if (found == null) {
            return null;
        }
        String removedAt = found.getString("removedAt");
        return new DepartureSubject(subjectId, ActorType.valueOf(found.getString("type")),
                found.getString("displayName"), found.getBoolean("removed", false),
                removedAt == null ? null : Instant.parse(removedAt));
    }

    // --- secrets

    void created(String secretId, String workspaceId, String name, long sequence, Map<String, Integer> versions) {
        Document fields = new Document();
        versions.forEach((key, version) -> fields.put(key, lineage(FieldLineage.of(version))));
        insertOnce(secrets, new Document("_id", secretId).append("workspaceId", workspaceId).append("name", name)
                .append("version", sequence).append("deleted", false).append("purged", false).append("fields", fields));
    }

    Secret secret(String secretId) {
        Document found = secrets.find(Filters.eq("_id", secretId)).first();
        return found == null ? null : secretOf(found);
    }

    /** The fields' new lineages and flags, unless an event at or after {@code sequence} was applied already. */
    void changed(String secretId, long sequence, Map<String, FieldLineage> fields, Boolean deleted, Boolean purged) {
        List<Bson> updates = new ArrayList<>();
        updates.add(Updates.set("version", sequence));
        fields.forEach((key, lineage) -> updates.add(Updates.set("fields." + key, lineage(lineage))));
        if (deleted != null) {
            updates.add(Updates.set("deleted", deleted));
        }
        if (purged != null) {
            updates.add(Updates.set("purged", purged));
        }
        secrets.updateOne(Filters.and(Filters.eq("_id", secretId), Filters.lt("version", sequence)),
                Updates.combine(updates));
    }

    // --- exposures

    void exposed(Stored exposure) {
        Document document = new Document("_id", exposure.id()).append("workspaceId", exposure.workspaceId())
                .append("subjectId", exposure.subjectId()).append("secretId", exposure.secretId())
                .append("fieldKey", exposure.fieldKey()).append("fieldVersion", exposure.fieldVersion())
                .append("at", exposure.at().toString()).append("ticketId", exposure.ticketId())
                .append("how", exposure.how().name()).append("grant", exposure.grant());
        // The document before its set entry, so that every entry a reader finds has its document.
        insertOnce(exposures, document);
        sets.add(subjectKey(exposure.workspaceId(), exposure.subjectId()), SORTABLE.format(exposure.at()),
                exposure.id());
    }

    /**
     * The subject's exposures in {@code [from, to)} after the cursor ({@code afterAt}, {@code afterId}), oldest
     * first, each with its secret as it is now; read lazily, a batch at a time.
     */
    Iterator<DepartureExposure> exposures(String workspaceId, String subjectId, Instant from, Instant to,
                                          Instant afterAt, String afterId) {
        Entry start = null;
        if (from != null) {
            start = new Entry(SORTABLE.format(from), "");
        }
        if (afterAt != null) {
            Entry after = new Entry(SORTABLE.format(afterAt), afterId == null ? "" : afterId);
            start = start == null || after.compareTo(start) > 0 ? after : start;
        }
        Iterator<Entry> entries = sets.after(subjectKey(workspaceId, subjectId), start);
        String end = to == null ? null : SORTABLE.format(to);
        return new Reader(entries, end);
    }

    void clear() {
        exposures.deleteMany(new Document());
        secrets.deleteMany(new Document());
        subjects.deleteMany(new Document());
        sets.clear();
    }

    /** Reads the set's entries up to the end of the range, their documents a batch at a time. */
    private final class Reader implements Iterator<DepartureExposure> {

        private final Iterator<Entry> entries;
        private final String end;
        private final Map<String, Secret> secretsRead = new HashMap<>();
        private Iterator<DepartureExposure> batch = java.util.Collections.emptyIterator();
        private boolean ended;

        Reader(Iterator<Entry> entries, String end) {
            this.entries = entries;
            this.end = end;
        }

        @Override
        public boolean hasNext() {
            while (!batch.hasNext() && !ended) {
                List<String> ids = new ArrayList<>();
                while (ids.size() < BATCH && entries.hasNext()) {
                    Entry entry = entries.next();
                    if (end != null && entry.key().compareTo(end) >= 0) {
                        ended = true;
                        break;
                    }
                    ids.add(entry.id());
                }
                if (ids.size() < BATCH) {
                    ended = true;
                }
                batch = read(ids).iterator();
            }
            return batch.hasNext();
        }

        @Override
        public DepartureExposure next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return batch.next();
        }

        private List<DepartureExposure> read(List<String> ids) {
            if (ids.isEmpty()) {
                return List.of();
            }
            Map<String, Document> byId = new LinkedHashMap<>();
            ids.forEach(id -> byId.put(id, null));
            for (Document found : exposures.find(Filters.in("_id", ids))) {
                byId.put(found.getString("_id"), found);
            }
            List<DepartureExposure> read = new ArrayList<>();
            byId.values().stream().filter(java.util.Objects::nonNull).map(DepartureStore::storedOf).forEach(stored -> {
                Secret secret = secretsRead.computeIfAbsent(stored.secretId(), DepartureStore.this::secret);
                read.add(DepartureReports.exposure(stored, secret));
            });
            return read;
        }
    }

    private static Stored storedOf(Document found) {
        return new Stored(found.getString("_id"), found.getString("workspaceId"), found.getString("subjectId"),
                found.getString("secretId"), found.getString("fieldKey"), found.getInteger("fieldVersion"),
                Instant.parse(found.getString("at")), found.getString("ticketId"),
                ExposureKind.valueOf(found.getString("how")), found.getString("grant"));
    }

    private static Secret secretOf(Document found) {
        Map<String, FieldLineage> fields = new HashMap<>();
        Document stored = found.get("fields", Document.class);
        if (stored != null) {
            stored.forEach((key, value) -> fields.put(key, lineageOf((Document) value)));
        }
        return new Secret(found.getString("name"), fields, found.getBoolean("deleted", false),
                found.getBoolean("purged", false));
    }

    private static Document lineage(FieldLineage lineage) {
        Document origins = new Document();
        // Sorted, so that a replay stores the same document byte for byte.
        new java.util.TreeMap<>(lineage.origins()).forEach((version, origin) -> origins.put(String.valueOf(version), origin));
        return new Document("current", lineage.current()).append("origin", lineage.origin()).append("origins", origins);
    }

    private static FieldLineage lineageOf(Document stored) {
        Map<Integer, Integer> origins = new HashMap<>();
        Document kept = stored.get("origins", Document.class);
        if (kept != null) {
            kept.forEach((version, origin) -> origins.put(Integer.valueOf(version), ((Number) origin).intValue()));
        }
        return new FieldLineage(stored.getInteger("current"), stored.getInteger("origin"), origins);
    }

    private static void insertOnce(MongoCollection<Document> collection, Document document) {
        try {
            collection.insertOne(document);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    private static String subjectKey(String workspaceId, String subjectId) {
        return workspaceId + "/" + subjectId;
    }
}
