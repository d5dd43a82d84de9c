package io.secretledger.infra.axonserver;

import io.secretledger.infra.SecretLedgerApplication;
import io.secretledger.infra.support.GraphQlClients;
import org.axonframework.test.server.AxonServerContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.testcontainers.containers.MongoDBContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;

import static io.secretledger.infra.support.SecretSteps.createApiKeyTemplate;
import static io.secretledger.infra.support.SecretSteps.createSecret;

/**
 * The {@code axonserver} profile: two instances of the application share one Axon Server and one MongoDB
 * replica set; a secret created through one is read, revealed and edited through the other. Axon Server
 * and MongoDB come from Testcontainers, or from AXON_AXONSERVER_SERVERS and SECRETLEDGER_MONGODB_URI.
 */
@ExtendWith(ExternalServicesOrDocker.class)
class AxonServerProfileTest {

    private static AxonServerContainer axonServer;
    private static MongoDBContainer mongo;
    private static String axonServers;
    private static String mongoUri;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startServices() {
        if (ExternalServicesOrDocker.externalServices()) {
            axonServers = System.getenv(ExternalServicesOrDocker.AXON_SERVERS);
            mongoUri = System.getenv(ExternalServicesOrDocker.MONGODB_URI);
            return;
        }
        axonServer = new AxonServerContainer("axoniq/axonserver:2024.2.4-jdk-17").withDevMode(true);
        mongo = new MongoDBContainer("mongo:7.0");
        axonServer.start();
        mongo.start();
        axonServers = axonServer.getAxonServerAddress();
        mongoUri = mongo.getReplicaSetUrl("secretledger");
    }

    @AfterAll
    static void stopServices() {
        if (axonServer != null) {
            axonServer.stop();
        }
        if (mongo != null) {
            mongo.stop();
        }
    }

    @Test
    void twoInstancesShareOneEventStoreAndOneReadModel() throws Exception {
        byte[] masterKey = new byte[32];
        new SecureRandom().nextBytes(masterKey);
        Files.createDirectories(dataDir.resolve("keys"));
        Files.write(dataDir.resolve("keys/master.key"), masterKey);
        String database = "secretledger_" + UUID.randomUUID().toString().replace("-", "");

        try (ConfigurableApplicationContext first = start(database, true);
             ConfigurableApplicationContext second = start(database, false)) {
            String secretId = createSecret(owner(first), createApiKeyTemplate(owner(first)), "scaled-out", "sk_scale");
            HttpGraphQlTester other = owner(second);
            other.documentName("revealSecretField").variable("input", Map.of("secretId", secretId, "fieldKey", "token"))
                    .execute().path("revealSecretField.value").entity(String.class).isEqualTo("sk_scale");
            other.documentName("updateSecret").variable("input", Map.of("id", secretId, "expectedVersion", 1,
                    "description", "edited on the second instance")).execute()
                    .path("updateSecret.secret.version").entity(Integer.class).isEqualTo(2);
            owner(first).documentName("secret").variable("id", secretId).execute()
                    .path("secret.history.edges[*].node.type").entityList(String.class)
                    .containsExactly("CREATED", "REVEALED", "EDITED");
        }
    }

    private ConfigurableApplicationContext start(String database, boolean bootstrap) {
        return new SpringApplicationBuilder(SecretLedgerApplication.class).profiles("axonserver")
                .run("--server.port=0", "--secretledger.data-dir=" + dataDir,
                        "--axon.axonserver.servers=" + axonServers,
                        "--spring.data.mongodb.uri=" + mongoUri,
                        "--spring.data.mongodb.database=" + database,
                        "--secretledger.bootstrap.demo-workspace=" + bootstrap);
    }

    private HttpGraphQlTester owner(ConfigurableApplicationContext context) throws Exception {
        return GraphQlClients.demoOwner(context, dataDir);
    }
}
