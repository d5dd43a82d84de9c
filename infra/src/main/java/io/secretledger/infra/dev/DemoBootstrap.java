package io.secretledger.infra.dev;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretledger.api.workspace.CreateWorkspace;
import io.secretledger.infra.SecretLedgerProperties;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * On the very first start of a data directory, creates a demo workspace with an owner and prints a
 * development token for that owner, once, to the console (as {@code vault server -dev} does). Later starts
 * only say where GraphiQL is.
 */
@Component
@ConditionalOnProperty(name = "secretledger.bootstrap.demo-workspace", havingValue = "true")
class DemoBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoBootstrap.class);

    record Demo(String workspaceId, String ownerMemberId, String ownerEmail) {
    }

    private final CommandGateway commands;
    private final ObjectProvider<LocalTokens> tokens;
    private final SecretLedgerProperties properties;
    private final ObjectMapper json;
    private final Environment environment;
    private final Duration tokenLifetime;

    DemoBootstrap(CommandGateway commands, ObjectProvider<LocalTokens> tokens, SecretLedgerProperties properties, ObjectMapper json,
                  Environment environment,
                  @Value("${secretledger.bootstrap.token-lifetime:P30D}") Duration tokenLifetime) {
        this.commands = commands;
        this.tokens = tokens;
        this.properties = properties;
        this.json = json;
        this.environment = environment;
        this.tokenLifetime = tokenLifetime;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        String graphiql = "http://localhost:" + environment.getProperty("local.server.port", "8080") + "/graphiql";
        Path marker = properties.dataDir().resolve("demo-workspace.json");
        LocalTokens issuer = tokens.getIfAvailable();
        if (issuer == null || Files.exists(marker)) {
            log.info("SecretLedger is ready: GraphiQL at {} (data in {})", graphiql, properties.dataDir());
            return;
        }
        Demo demo = new Demo(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "owner@demo.local");
        commands.sendAndWait(new CreateWorkspace(demo.workspaceId(), "Demo workspace", demo.ownerMemberId(),
                demo.ownerEmail()));
        json.writeValue(marker.toFile(), demo);
        String token = issuer.mintOperator(demo.workspaceId(), demo.ownerMemberId(), demo.ownerEmail(), tokenLifetime);
        log.info("SecretLedger is ready: GraphiQL at {} (data in {})", graphiql, properties.dataDir());
        // The console, not the log: the token is shown once to the person who started the server.
        System.out.println("""

                ==> First start: created the demo workspace %s with its owner %s.
                    Development token for that owner (valid %s, shown only now):

                    %s

                    In GraphiQL, add the header {"Authorization": "Bearer <token>"}.
                """.formatted(demo.workspaceId(), demo.ownerEmail(), tokenLifetime, token));
    }
}
