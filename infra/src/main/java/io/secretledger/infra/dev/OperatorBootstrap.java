package io.secretledger.infra.dev;

import io.secretledger.infra.SecretLedgerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where no demo workspace is made (its owner's first-start token is the operator's then), the first start of a data
 * directory prints an operator's token of the local issuer, once, so that someone can create the first workspace.
 * With an external identity provider, operators are named in {@code secretledger.auth.operators} instead.
 */
@Component
@ConditionalOnProperty(name = "secretledger.bootstrap.demo-workspace", havingValue = "false")
class OperatorBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(OperatorBootstrap.class);

    private final ObjectProvider<LocalTokens> tokens;
    private final SecretLedgerProperties properties;
    private final List<String> operators;
    private final Duration tokenLifetime;

    OperatorBootstrap(ObjectProvider<LocalTokens> tokens, SecretLedgerProperties properties,
                      @Value("${secretledger.auth.operators:}") List<String> operators,
                      @Value("${secretledger.bootstrap.token-lifetime:P30D}") Duration tokenLifetime) {
        this.tokens = tokens;
        this.properties = properties;
        this.operators = operators.stream().filter(o -> !o.isBlank()).toList();
        this.tokenLifetime = tokenLifetime;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        LocalTokens issuer = tokens.getIfAvailable();
        if (issuer == null) {
            if (operators.isEmpty()) {
                log.warn("No operator is named: set SECRETLEDGER_OPERATORS to 'issuer|subject' of the people who may "
                        + "create workspaces");
            }
            return;
        }
        Path marker = properties.dataDir().resolve("operator-bootstrap.txt");
        if (Files.exists(marker)) {
            return;
        }
        String token = issuer.mintOperatorOnly("operator", null, tokenLifetime);
        Files.writeString(marker, "An operator token was printed at " + Instant.now() + "\n");
        // The console, not the log: the token is shown once to the person who started the server.
        System.out.println("""

                ==> First start: an operator token (valid %s, shown only now). It names no workspace: use it for
                    createWorkspace, workspaces, backups and master key rotation.

                    %s
                """.formatted(tokenLifetime, token));
    }
}
