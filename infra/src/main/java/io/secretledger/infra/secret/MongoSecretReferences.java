package io.secretledger.infra.secret;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.secretledger.command.secret.SecretReferences;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * What refers to each secret, one document per workspace and secret name (read and written by {@code _id}, which
 * every backend indexes) holding the referrers as a map of id to name, changed field by field so that two
 * configurations saved at once do not overwrite each other.
 */
@Component
class MongoSecretReferences implements SecretReferences {

    static final String COLLECTION = "secret-references";

    private final MongoCollection<Document> references;

    MongoSecretReferences(MongoTemplate mongo) {
        this.references = mongo.getCollection(COLLECTION);
    }

    @Override
    public void add(String workspaceId, String secretName, String referrerId, String referrerName) {
        references.updateOne(Filters.eq("_id", workspaceId + "|" + secretName),
                Updates.set("referrers." + key(referrerId), referrerName), new UpdateOptions().upsert(true));
    }

    @Override
    public void remove(String workspaceId, String secretName, String referrerId) {
        references.updateOne(Filters.eq("_id", workspaceId + "|" + secretName),
                Updates.unset("referrers." + key(referrerId)));
    }

    @Override
    public List<String> referrers(String workspaceId, String secretName) {
        Document document = references.find(Filters.eq("_id", workspaceId + "|" + secretName)).first();
        Document referrers = document == null ? null : document.get("referrers", Document.class);
        return referrers == null ? List.of() : referrers.values().stream().map(Object::toString).sorted().toList();
    }

    /** A field name cannot hold dots or start with a dollar sign. */
    private static String key(String referrerId) {
        return referrerId.replace('.', '_').replace('$', '_');
    }
}
