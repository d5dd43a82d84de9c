package io.secretledger.infra.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged command line, {@code cli/secretledger}, run as a person or a script runs it: a separate process
 * with its own settings file, talking to the application over HTTP.
 */
public final class CommandLine {

    private static final Path SCRIPT = Path.of("..", "cli", "secretledger").toAbsolutePath().normalize();

    private final String url;
    private final Path config;

    public CommandLine(int port, Path config) {
        this.url = "http://localhost:" + port;
        this.config = config;
        assertThat(SCRIPT.resolveSibling("target").resolve("secretledger-cli-exec.jar"))
                .as("the packaged command line (./mvnw package builds it)").exists();
    }

    public Path config() {
        return config;
    }

    public record Result(int exit, String out, String err) {
    }

    /** Runs one command with {@code stdin} (or nothing) as its whole input. */
    public Result run(String stdin, String... args) {
        return run(stdin, null, args);
    }

    /**
     * Runs one command; each time it writes to standard error, {@code answer} is given everything written there so far
     * and returns the line to type (at a prompt) or null.
     */
    public Result run(Function<String, String> answer, String... args) {
        return run(null, answer, args);
    }

    private Result run(String stdin, Function<String, String> answer, String... args) {
        List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString(), "--url", url));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.remove("SECRETLEDGER_TOKEN");
        env.remove("SECRETLEDGER_URL");
        env.remove("SECRETLEDGER_WORKSPACE");
        env.put("SECRETLEDGER_CONFIG", config.toString());
        try {
            Process process = builder.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (OutputStream in = process.getOutputStream(); InputStream errors = process.getErrorStream()) {
                if (answer == null) {
                    if (stdin != null) {
                        in.write(stdin.getBytes(StandardCharsets.UTF_8));
                    }
                    in.close();
                }
                byte[] buffer = new byte[4096];
                for (int read; (read = errors.read(buffer)) > 0; ) {
                    err.write(buffer, 0, read);
                    String soFar = err.toString(StandardCharsets.UTF_8);
                    String line = answer == null ? null : answer.apply(soFar);
                    if (line != null) {
                        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                        in.flush();
                    }
                }
            } catch (IOException closedByTheProcess) {
                // It exited before reading all of its input.
            }
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the command ended").isTrue();
            return new Result(process.exitValue(), out.join(), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command that must succeed; its standard output. */
    public String ok(String... args) {
        Result result = run((String) null, args);
        assertThat(result.exit()).as("exit of secretledger %s (stderr: %s)", String.join(" ", args), result.err())
                .isZero();
        return result.out();
    }

    public String settingsFile() {
        try {
            return Files.readString(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String drain(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
