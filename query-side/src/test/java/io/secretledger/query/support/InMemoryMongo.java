package io.secretledger.query.support;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.springframework.data.mongodb.core.MongoTemplate;

/** A MongoDB-wire server in memory, reached through the real driver, for projection tests. */
public final class InMemoryMongo implements AutoCloseable {

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client;

    public InMemoryMongo() {
        var address = server.bind();
        client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    }

    public MongoClient client() {
        return client;
    }

    public MongoTemplate template() {
        return new MongoTemplate(client, "test");
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
