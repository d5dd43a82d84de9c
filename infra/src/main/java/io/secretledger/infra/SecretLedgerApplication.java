package io.secretledger.infra;

import io.secretledger.infra.backup.BackupCommand;
import io.secretledger.infra.backup.RestoreCommand;
import io.secretledger.infra.embedded.AuditVerification;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import java.util.List;

/** Command side, query side and GraphQL API in one process; see README.md for the profiles. */
@SpringBootApplication(scanBasePackages = "io.secretledger")
@ConfigurationPropertiesScan
public class SecretLedgerApplication {

    static {
        // Axon's update checker calls home; this application never does.
        System.setProperty("axoniq.update-checker.disabled", "true");
        // Memory outside the heap, bounded (issue 18, docs/adr/0019), unless the command line says otherwise: the
        // embedded projection server's Netty keeps a pool of buffers per arena, two arenas per core by default;
        // it reads these when its allocator is first used, long after this.
        setIfAbsent("io.netty.allocator.numDirectArenas", "1");
        setIfAbsent("io.netty.allocator.numHeapArenas", "1");
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    public static void main(String[] args) {
        String command = args.length > 0 ? args[0] : "";
        if (List.of(AuditVerification.COMMAND, BackupCommand.COMMAND, RestoreCommand.COMMAND).contains(command)) {
            // Without Spring's logging configuration the embedded stores' INFO lines buried the verdict.
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
            System.exit(switch (command) {
                case BackupCommand.COMMAND -> BackupCommand.run(args, System.getenv(), System.out);
                case RestoreCommand.COMMAND -> RestoreCommand.run(args, System.getenv(), System.out);
                default -> AuditVerification.run(args, System.out);
            });
        }
        SpringApplication.run(SecretLedgerApplication.class, args);
    }
}
