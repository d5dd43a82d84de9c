package io.secretledger.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The soak section (issue 18, item 2) for a minute against the application this build packaged, with one core kept
 * busy; the full thirty minutes is {@code java -jar bench/target/secretledger-bench.jar --only soak} (README,
 * Benchmark). {@code -Dsecretledger.soak-seconds=N} runs it longer.
 */
class SoakBenchTest {

    private static final Path JAR = Path.of("..", "infra", "target", "app", "secretledger.jar");

    @Test
    void answersNoInternalErrorAndLosesNoAcknowledgedCommandUnderMixedLoad(@TempDir Path dir) throws Exception {
        assumeTrue(Files.exists(JAR), "the application is packaged by the infra module first (./mvnw verify)");

        SoakBench.Outcome outcome = SoakBench.run(JAR.toAbsolutePath(), dir.resolve("soak"), List.of(),
                Duration.ofSeconds(Integer.getInteger("secretledger.soak-seconds", 60)), new LinkedHashMap<>());

        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.internal()).isZero();
        assertThat(outcome.lost()).isZero();
        assertThat(outcome.chainIntact()).isTrue();
        assertThat(outcome.answers()).as("the load was answered").isGreaterThan(1_000);
    }
}
