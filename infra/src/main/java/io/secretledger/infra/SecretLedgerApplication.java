package io.secretledger.infra;

import io.secretledger.infra.embedded.AuditVerification;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Command side, query side and GraphQL API in one process; see README.md for the profiles. */
@SpringBootApplication(scanBasePackages = "io.secretledger")
@ConfigurationPropertiesScan
public class SecretLedgerApplication {

    static {
        // Axon's update checker calls home; this application never does.
        System.setProperty("axoniq.update-checker.disabled", "true");
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(AuditVerification.COMMAND)) {
            // Without Spring's logging configuration the embedded stores' INFO lines buried the verdict.
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
            System.exit(AuditVerification.run(args, System.out));
        }
        SpringApplication.run(SecretLedgerApplication.class, args);
    }
}
