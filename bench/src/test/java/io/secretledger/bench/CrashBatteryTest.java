package io.secretledger.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The crash battery (issue 8, item 3) in a few rounds against the application this build packaged; the full hundred
 * is {@code java -jar bench/target/secretledger-bench.jar --only crash} (README, Benchmark).
 */
class CrashBatteryTest {

    private static final Path JAR = Path.of("..", "infra", "target", "app", "secretledger.jar");

    @Test
    void canLoseNoAcknowledgedCommandAcrossSigkills(@TempDir Path dir) throws Exception {
        assumeTrue(Files.exists(JAR), "the application is packaged by the infra module first (./mvnw verify)");

        CrashBattery.Outcome outcome = CrashBattery.run(JAR.toAbsolutePath(), dir.resolve("crash"),
                List.of("-Xmx512m"), Integer.getInteger("secretledger.crash-rounds", 3), System.nanoTime());

        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.clean()).isTrue();
        assertThat(outcome.acknowledged()).as("the load was acknowledged before the kills").isPositive();
    }
}
