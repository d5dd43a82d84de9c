package io.secretledger.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark starts the service as README.md's run command does: the same collector, heap, buffer cache and
 * malloc arenas, in the command a newcomer copies and in the restore example, so that the memory the benchmark
 * reports is the memory a newcomer gets.
 */
class ReadmeRunCommandTest {

    @Test
    void theReadmeStartsTheServiceAsTheBenchmarkDoes() throws Exception {
        List<String> starts = Files.readAllLines(Path.of("..", "README.md")).stream()
                .filter(line -> line.contains("-jar infra/target/secretledger-exec.jar")
                        && !line.matches(".*secretledger-exec\\.jar \\w.*"))
                .toList();
        assertThat(starts).as("README lines that start the service").hasSizeGreaterThanOrEqualTo(2);
        for (String start : starts) {
            assertThat(start).contains(AppProcess.README_MALLOC_ARENAS + " ", AppProcess.README_COLLECTOR + " ",
                    AppProcess.README_HEAP + " ", AppProcess.README_BUFFER_CACHE + " ");
        }
        assertThat(Files.readString(Path.of("..", "infra", "Dockerfile"))).contains(
                "\"" + AppProcess.README_COLLECTOR + "\"", "\"" + AppProcess.README_HEAP + "\"",
                "\"" + AppProcess.README_BUFFER_CACHE + "\"", "ENV " + AppProcess.README_MALLOC_ARENAS);
    }
}
