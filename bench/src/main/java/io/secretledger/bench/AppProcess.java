package io.secretledger.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The packaged application as a child process on a fresh data directory, with its console read. */
final class AppProcess implements AutoCloseable {

    final int port;
    final long startedAtNanos;
    final CompletableFuture<String> devToken = new CompletableFuture<>();
    private final Process process;
    private final Path log;

    private AppProcess(Process process, int port, long startedAtNanos, Path log) {
        this.process = process;
        this.port = port;
        this.startedAtNanos = startedAtNanos;
        this.log = log;
    }

    /**
     * What README.md's run command sets, so that every section measures the service as a newcomer starts it
     * (docs/adr/0019); {@code ReadmeRunCommandTest} keeps the two the same.
     */
    static final String README_MALLOC_ARENAS = "MALLOC_ARENA_MAX=2";
    static final String README_COLLECTOR = "-XX:+UseG1GC";
    static final String README_HEAP = "-Xmx224m";
    static final String README_BUFFER_CACHE = "-Djdk.nio.maxCachedBufferSize=262144";

    static final String README_CLASS_DATA = "-XX:SharedArchiveFile=";

    /**
     * The service of {@code jar}, with the class-data-sharing archive the build writes beside it
     * ({@code secretledger.jsa} in {@code infra/target/app}) when there is one, as README.md's run command starts it.
     */
    static AppProcess start(Path jar, Path dataDir, List<String> jvmOptions) throws IOException {
        List<String> launcher = new java.util.ArrayList<>();
        Path archive = classDataArchive(jar);
        if (Files.isRegularFile(archive) && jvmOptions.stream().noneMatch(o -> o.startsWith(README_CLASS_DATA))) {
            launcher.add(README_CLASS_DATA + archive);
        }
        launcher.addAll(List.of("-jar", jar.toString()));
        return launch(launcher, dataDir, jvmOptions);
    }

    /** Where the build writes the class-data archive of an application jar: beside it, named after it. */
    static Path classDataArchive(Path jar) {
        String name = jar.getFileName().toString();
        return jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".jsa");
    }

    /**
     * A Spring Boot application of this benchmark's own jar ({@code main}), started through Spring Boot's launcher
     * as the service is, with the same collector and data directory argument.
     */
    static AppProcess startMain(Class<?> main, Path dataDir, List<String> jvmOptions) throws IOException {
        return launch(List.of("-Dloader.main=" + main.getName(), "-cp", System.getProperty("java.class.path"),
                "org.springframework.boot.loader.launch.PropertiesLauncher"), dataDir, jvmOptions);
    }

    private static AppProcess launch(List<String> launcher, Path dataDir, List<String> jvmOptions) throws IOException {
        int port = freePort();
        Files.createDirectories(dataDir);
        Path log = dataDir.resolve("console.log");
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The collector, heap and buffer cache README.md starts the service with (ADR 0019), unless the options
        // choose others.
        if (jvmOptions.stream().noneMatch(option -> option.startsWith("-XX:+Use") && option.endsWith("GC"))) {
            command.add(README_COLLECTOR);
        }
        if (jvmOptions.stream().noneMatch(option -> option.startsWith("-Xmx"))) {
            command.add(README_HEAP);
        }
        if (jvmOptions.stream().noneMatch(option -> option.startsWith("-Djdk.nio.maxCachedBufferSize="))) {
            command.add(README_BUFFER_CACHE);
        }
        command.addAll(jvmOptions);
        command.addAll(launcher);
        command.addAll(List.of("--server.port=" + port, "--secretledger.data-dir=" + dataDir));
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putIfAbsent(README_MALLOC_ARENAS.split("=")[0], README_MALLOC_ARENAS.split("=")[1]);
        Process process = builder.start();
        AppProcess app = new AppProcess(process, port, started, log);
        Thread reader = new Thread(app::readConsole, "console-" + port);
        reader.setDaemon(true);
        reader.start();
        return app;
    }

    private void readConsole() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); var out = Files.newBufferedWriter(log, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            String line;
            while ((line = lines.readLine()) != null) {
                String trimmed = line.strip();
                if (!devToken.isDone() && trimmed.startsWith("eyJ")) {
                    devToken.complete(trimmed);
                    out.write("[development token]\n");
                } else {
                    out.write(line);
                    out.write('\n');
                }
            }
        } catch (IOException e) {
            devToken.completeExceptionally(e);
        }
        devToken.completeExceptionally(new IllegalStateException("the application ended; see " + log));
    }

    String token(Duration timeout) throws Exception {
        return devToken.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Nanoseconds from the launch until the service first answers a GraphQL query, within {@code timeout}. */
    long nanosToFirstAnswer(Duration timeout) throws InterruptedException {
        GraphQl anonymous = new GraphQl(port, null);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && isAlive()) {
            if (anonymous.answers()) {
                return System.nanoTime() - startedAtNanos;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the application did not answer within " + timeout + "; see " + log);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the process ends at once, as in a power cut for the process (not for the disk). */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
