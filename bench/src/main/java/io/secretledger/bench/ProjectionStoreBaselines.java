package io.secretledger.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.h2.mvstore.MVStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Baselines in the projection store the listing left behind, opened as the service opens it (the embedded
 * MongoDB-wire server over the same MVStore file, through the real driver), once the service has stopped:
 * a raw find of the same 100 documents the GraphQL page showed, with their metadata written as JSON, and a raw
 * upsert of one secret document (what a projection does for a create, without the event around it).
 */
final class ProjectionStoreBaselines {

    private ProjectionStoreBaselines() {
    }

    static void measure(Path file, List<String> ids, Map<String, Stats> figures) throws Exception {
        if (ids.isEmpty()) {
            return;
        }
        MongoServer server = new MongoServer(new H2Backend(new MVStore.Builder().fileName(file.toString()).open()));
        server.bind("127.0.0.1", 0);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
            MongoCollection<Document> secrets = client.getDatabase("secretledger").getCollection("secrets");
            ObjectMapper json = new ObjectMapper();
            List<Long> finds = new ArrayList<>();
            for (int i = 0; i < 550; i++) {
                long started = System.nanoTime();
                List<Document> page = secrets.find(Filters.in("_id", ids))
                        .projection(Projections.include("name", "description", "updatedAt")).into(new ArrayList<>());
                json.writeValueAsBytes(page.stream().map(document -> Map.of("node", document)).toList());
                if (page.size() != ids.size()) {
                    throw new IllegalStateException("the raw find saw " + page.size() + " of " + ids.size());
                }
                if (i >= 50) {
                    finds.add(System.nanoTime() - started);
                }
            }
            figures.put("rawFind100", Stats.of("raw find of the same 100 documents + JSON", finds, 0));

            Document template = secrets.find(Filters.eq("_id", ids.get(0))).first();
            List<Long> upserts = new ArrayList<>();
            for (int i = 0; i < 2_200; i++) {
                Document document = new Document(template).append("_id", UUID.randomUUID().toString())
                        .append("name", "raw-" + i);
                long started = System.nanoTime();
                secrets.replaceOne(Filters.eq("_id", document.get("_id")), document, new ReplaceOptions().upsert(true));
                if (i >= 200) {
                    upserts.add(System.nanoTime() - started);
                }
            }
            figures.put("rawUpsert", Stats.of("raw upsert of a secret document into the projection store",
                    upserts, 0));
        } finally {
            server.shutdownNow();
        }
    }
}
