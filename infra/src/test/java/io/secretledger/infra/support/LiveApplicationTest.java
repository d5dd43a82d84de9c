package io.secretledger.infra.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretledger.infra.dev.LocalTokens;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The whole application on a random port over a data directory of its own, shared by every test class
 * that extends this one (one Spring context). Tests reach it only over real HTTP and WebSocket, except to
 * look at what was stored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class LiveApplicationTest {

    protected static final Path DATA_DIR = newDataDir();
    /**
     * The log file of this test JVM's applications, beside the data directory, so that the canary sweep after the
     * battery reads every line logged. A system property: the logging system starts before test properties apply.
     */
    protected static final Path LOG_FILE = logFile();

    @LocalServerPort
    protected int port;

    @Autowired
    protected LocalTokens tokens;

    @Autowired
    protected DataSource eventStore;

    @Autowired
    protected ObjectMapper json;

    protected Demo demo;

    public record Demo(String workspaceId, String ownerMemberId, String ownerEmail) {
    }

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("secretledger.data-dir", DATA_DIR::toString);
    }

    @BeforeEach
    void readDemoWorkspace() throws IOException {
        demo = json.readValue(DATA_DIR.resolve("demo-workspace.json").toFile(), Demo.class);
    }

    protected String ownerToken() {
        return tokens.mint(demo.workspaceId(), demo.ownerMemberId(), demo.ownerEmail(), Duration.ofMinutes(10));
    }

    protected HttpGraphQlTester http(String token) {
        return GraphQlClients.http(port, token);
    }

    protected HttpGraphQlTester asOwner() {
        return http(ownerToken());
    }

    protected WebSocketGraphQlTester webSocket(String token) {
        return GraphQlClients.webSocket(port, token, Map.of());
    }

    /**
     * A workspace of its own, made by an operator, for a test whose settings or event counts must not meet the other
     * classes' (they share the demo workspace): its id, its owner's member id and e-mail.
     */
    protected Demo newWorkspace(String name) {
        String email = "owner-" + UUID.randomUUID() + "@workspace.test";
        GraphQlTester.Response created = http(tokens.mintOperatorOnly("operator-" + UUID.randomUUID(), "ops@demo.local",
                Duration.ofMinutes(5))).documentName("createWorkspace").variable("input", Map.of("name",
                name + " " + UUID.randomUUID(), "ownerEmail", email)).execute();
        return new Demo(created.path("createWorkspace.workspace.id").entity(String.class).get(),
                created.path("createWorkspace.ownerMemberId").entity(String.class).get(), email);
    }

    /** A token of that workspace's owner, good for this many minutes. */
    protected String ownerToken(Demo workspace, int minutes) {
        return tokens.mint(workspace.workspaceId(), workspace.ownerMemberId(), workspace.ownerEmail(),
                Duration.ofMinutes(minutes));
    }

    protected long storedEvents() {
        return Storage.countEvents(eventStore);
    }

    private static Path logFile() {
        Path file = DATA_DIR.resolveSibling(DATA_DIR.getFileName() + ".log");
        System.setProperty("logging.file.name", file.toString());
        return file;
    }

    private static Path newDataDir() {
        try {
            return Files.createTempDirectory("secretledger-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
