package io.secretledger.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark starts the service as README.md's run command does: the same collector, heap, buffer cache, malloc
 * arenas and class-data archive, in the command a newcomer copies and in the restore example, so that the memory and
 * start time the benchmark reports are what a newcomer gets.
 */
class ReadmeRunCommandTest {

    @Test
    void theReadmeStartsTheServiceAsTheBenchmarkDoes() throws Exception {
        List<String> starts = Files.readAllLines(Path.of("..", "README.md")).stream()
                .filter(line -> line.matches(".*java .*-jar infra/target/\\S+\\.jar$"))
                .toList();
        assertThat(starts).as("README lines that start the service").hasSizeGreaterThanOrEqualTo(2);
        Path jar = Path.of("infra", "target", "app", "secretledger.jar");
        for (String start : starts) {
            assertThat(start).contains(AppProcess.README_MALLOC_ARENAS + " ", AppProcess.README_COLLECTOR + " ",
                    AppProcess.README_HEAP + " ", AppProcess.README_BUFFER_CACHE + " ",
                    AppProcess.README_CLASS_DATA + AppProcess.classDataArchive(jar) + " -jar " + jar);
        }
        assertThat(Path.of("..").resolve(AppProcess.classDataArchive(jar)))
                .as("the class-data archive the build writes, which README.md starts the service with").isRegularFile();
        assertThat(Files.readString(Path.of("..", "infra", "Dockerfile"))).contains(
                "\"" + AppProcess.README_COLLECTOR + "\"", "\"" + AppProcess.README_HEAP + "\"",
                "\"" + AppProcess.README_BUFFER_CACHE + "\"", "ENV " + AppProcess.README_MALLOC_ARENAS,
                "\"" + AppProcess.README_CLASS_DATA + "/app/secretledger.jsa\"");
    }
}
