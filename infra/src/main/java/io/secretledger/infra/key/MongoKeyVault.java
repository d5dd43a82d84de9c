package io.secretledger.infra.key;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.secretledger.command.crypto.KeyVault;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The key vault of the scale-out profile, shared by every instance: MongoDB, collection {@code key-vault}: one document per
 * workspace with its wrapped key versions ({@code ws|<id>}) and one per secret with its wrapped data key
 * ({@code dk|<id>}), read and written by {@code _id}. A destroyed data key is replaced by a tombstone that
 * holds no key material. MongoDB may keep the replaced bytes in free pages until they are reused, so deployments
 * that need erasure on disk run it on an encrypted storage engine or volume (ADR 0012).
 */
@Component
@Profile("axonserver")
class MongoKeyVault implements KeyVault {

    static final String COLLECTION = "key-vault";

    private final MongoCollection<Document> vault;

    MongoKeyVault(MongoTemplate mongo) {
        this.vault = mongo.getCollection(COLLECTION);
    }

    @Override
    public Optional<WorkspaceKeys> workspaceKeys(String workspaceId) {
        return Optional.ofNullable(vault.find(Filters.eq("_id", "ws|" + workspaceId)).first())
                .map(MongoKeyVault::workspaceKeys);
    }

    @Override
    public boolean addWorkspaceKeys(WorkspaceKeys keys) {
        return insert(document(keys));
    }

    @Override
    public void replaceWorkspaceKeys(WorkspaceKeys keys) {
        upsert(document(keys));
    }

    @Override
    public List<String> workspaceIds() {
        List<String> ids = new ArrayList<>();
        vault.find(Filters.eq("kind", "workspace")).forEach(document -> ids.add(document.getString("workspaceId")));
        return ids;
    }

    @Override
    public Optional<DataKeyEntry> dataKey(String secretId) {
        return Optional.ofNullable(vault.find(Filters.eq("_id", "dk|" + secretId)).first())
                .map(MongoKeyVault::dataKey);
    }

    @Override
    public boolean addDataKey(DataKeyEntry entry) {
        return insert(document(entry));
    }

    /** One conditional replace: the filter is the state the caller read, as stored (entries of before versions too). */
    @Override
    public boolean replaceDataKey(DataKeyEntry expected, DataKeyEntry replacement) {
        Bson stored = expected.destroyed()
                ? Filters.exists("destroyedAt", true)
                : Filters.and(Filters.exists("destroyedAt", false),
                        storedAs("version", expected.workspaceKeyVersion(), -1),
                        storedAs("current", expected.current(), 1),
                        storedAs("reserved", expected.reserved(), 0L));
        Document document = document(replacement);
        return vault.replaceOne(Filters.and(Filters.eq("_id", document.get("_id")), stored), document)
                .getMatchedCount() == 1;
    }

    /** A field equal to the value read, or absent where an entry of before versions read it as its default. */
    private static Bson storedAs(String field, Number value, Number absentMeans) {
        return value.longValue() == absentMeans.longValue()
                ? Filters.or(Filters.eq(field, value), Filters.exists(field, false))
                : Filters.eq(field, value);
    }

    @Override
    public List<String> dataKeysOf(String workspaceId) {
        List<String> ids = new ArrayList<>();
        vault.find(Filters.and(Filters.eq("kind", "data"), Filters.eq("workspaceId", workspaceId)))
                .forEach(document -> ids.add(document.getString("secretId")));
        return ids;
    }

    private void upsert(Document document) {
        vault.replaceOne(Filters.eq("_id", document.get("_id")), document, new ReplaceOptions().upsert(true));
    }

    private boolean insert(Document document) {
        try {
            vault.insertOne(document);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    private static Document document(WorkspaceKeys keys) {
        List<Document> versions = new ArrayList<>();
        keys.versions().forEach((version, wrapped) -> versions.add(wrapped(wrapped).append("version", version)));
        return new Document("_id", "ws|" + keys.workspaceId()).append("kind", "workspace")
                .append("workspaceId", keys.workspaceId()).append("current", keys.current())
                .append("versions", versions);
    }

    private static WorkspaceKeys workspaceKeys(Document document) {
        Map<Integer, WrappedKey> versions = new HashMap<>();
        for (Document version : document.getList("versions", Document.class)) {
            versions.put(version.getInteger("version"), wrapped(version));
        }
        return new WorkspaceKeys(document.getString("workspaceId"), document.getInteger("current"), versions);
    }

    private static Document document(DataKeyEntry entry) {
        Document document = new Document("_id", "dk|" + entry.secretId()).append("kind", "data")
                .append("secretId", entry.secretId()).append("workspaceId", entry.workspaceId())
                .append("version", entry.workspaceKeyVersion());
        if (entry.destroyed()) {
            return document.append("destroyedAt", Date.from(entry.destroyedAt()));
        }
        List<Document> keys = new ArrayList<>();
        entry.keys().forEach((version, wrapped) -> keys.add(wrapped(wrapped).append("version", version)));
        return document.append("current", entry.current()).append("reserved", entry.reserved()).append("keys", keys);
    }

    /** Entries written before data keys had versions hold one {@code key}: version 1, nothing reserved. */
    private static DataKeyEntry dataKey(Document document) {
        String secretId = document.getString("secretId");
        String workspaceId = document.getString("workspaceId");
        Date destroyedAt = document.getDate("destroyedAt");
        if (destroyedAt != null) {
            return DataKeyEntry.tombstone(secretId, workspaceId, destroyedAt.toInstant());
        }
        Map<Integer, WrappedKey> keys = new HashMap<>();
        Document single = document.get("key", Document.class);
        if (single != null) {
            keys.put(1, wrapped(single));
        } else {
            for (Document key : document.getList("keys", Document.class)) {
                keys.put(key.getInteger("version"), wrapped(key));
            }
        }
        Number reserved = document.get("reserved", Number.class);
        return new DataKeyEntry(secretId, workspaceId, document.getInteger("version"),
                document.getInteger("current", 1), keys, reserved == null ? 0 : reserved.longValue(), null);
    }

    private static Document wrapped(WrappedKey key) {
        return new Document("under", key.wrappingKeyId()).append("nonce", new Binary(key.nonce()))
                .append("wrapped", new Binary(key.wrapped()));
    }

    private static WrappedKey wrapped(Document document) {
        return new WrappedKey(document.getString("under"), document.get("nonce", Binary.class).getData(),
                document.get("wrapped", Binary.class).getData());
    }
}
