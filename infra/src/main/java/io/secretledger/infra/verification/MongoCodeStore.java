package io.secretledger.infra.verification;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.secretledger.command.verification.CodeStore;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.Date;
import java.util.Optional;

/** Pending reveal codes as keyed hashes, collection {@code verification-codes}, one document per member by {@code _id}. */
@Component
class MongoCodeStore implements CodeStore {

    private final MongoCollection<Document> codes;

    MongoCodeStore(MongoTemplate mongo) {
        this.codes = mongo.getCollection("verification-codes");
    }

    @Override
    public Optional<StoredCode> find(String verificationId) {
        return Optional.ofNullable(codes.find(Filters.eq("_id", verificationId)).first())
                .map(document -> new StoredCode(verificationId, document.getString("requestId"),
                        document.get("hash", Binary.class).getData(), document.getDate("expiresAt").toInstant()));
    }

    @Override
    public void put(StoredCode code) {
        codes.replaceOne(Filters.eq("_id", code.verificationId()), new Document("_id", code.verificationId())
                        .append("requestId", code.requestId()).append("hash", new Binary(code.hash()))
                        .append("expiresAt", Date.from(code.expiresAt())),
                new ReplaceOptions().upsert(true));
    }

    @Override
    public void delete(String verificationId) {
        codes.deleteOne(Filters.eq("_id", verificationId));
    }
}
