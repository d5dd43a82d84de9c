package io.secretledger.infra.backup;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * {@code java -jar secretledger-exec.jar backup --to=<empty directory> [--url=http://localhost:8080]}, with an
 * operator's token in {@code SECRETLEDGER_TOKEN} (or {@code --token=}): asks the running service for a backup and
 * writes it into the directory, every entry checked against the manifest's SHA-256. Exit status 0 when the backup
 * is complete, 2 when it was refused or is incomplete (then the directory is emptied again).
 */
public final class BackupCommand {

    public static final String COMMAND = "backup";

    private BackupCommand() {
    }

    public static int run(String[] args, Map<String, String> environment, PrintStream out) {
        Path to = null;
        String url = "http://localhost:8080";
        String token = environment.get("SECRETLEDGER_TOKEN");
        for (String arg : args) {
            if (arg.startsWith("--to=")) {
                to = Path.of(arg.substring("--to=".length()));
            } else if (arg.startsWith("--url=")) {
                url = arg.substring("--url=".length()).replaceAll("/+$", "");
            } else if (arg.startsWith("--token=")) {
                token = arg.substring("--token=".length());
            } else if (!arg.equals(COMMAND)) {
                out.println("Unknown argument " + arg + "; use --to=<empty directory>, --url=<service address>, "
                        + "and SECRETLEDGER_TOKEN or --token= for an operator's token");
                return 2;
            }
        }
        if (to == null) {
            out.println("Name the directory to write the backup into: --to=<empty directory>");
            return 2;
        }
        if (token == null || token.isBlank()) {
            out.println("A backup needs an operator's token: set SECRETLEDGER_TOKEN (or pass --token=)");
            return 2;
        }
        String refusal = Directories.refuseUnlessEmpty(to, "backup");
        if (refusal != null) {
            out.println(refusal);
            return 2;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/backup"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            Files.createDirectories(to);
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    out.println("The service refused the backup (HTTP " + response.statusCode() + "): "
                            + refusalOf(body.readAllBytes()));
                    Directories.empty(to);
                    return 2;
                }
                BackupFormat.Manifest manifest = unpack(body, to);
                long bytes = manifest.entries().values().stream().mapToLong(BackupFormat.Entry::bytes).sum();
                out.println("Backup of " + manifest.createdAt() + " written to " + to.toAbsolutePath() + ": "
                        + manifest.entries().size() + " files, " + bytes + " bytes, checked. Its keys are wrapped "
                        + "by master key " + manifest.masterKeyId() + ", which is not in it: keep that key apart.");
                return 0;
            }
        } catch (ConnectException e) {
            out.println("No SecretLedger service answers at " + url + " (start it, or pass --url=)");
        } catch (IOException | RuntimeException e) {
            out.println("The backup is incomplete and was removed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("Interrupted; the backup was removed");
        }
        try {
            Directories.empty(to);
        } catch (IOException e) {
            out.println("Could not remove the incomplete backup from " + to + ": " + e.getMessage());
        }
        return 2;
    }

    /** Writes the entries under {@code to} and returns the manifest, once every entry matches it. */
    private static BackupFormat.Manifest unpack(InputStream body, Path to) throws IOException {
        Map<String, BackupFormat.Entry> written = new HashMap<>();
        BackupFormat.Manifest manifest = null;
        try (ZipInputStream zip = new ZipInputStream(body)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (entry.getName().equals(BackupFormat.MANIFEST)) {
                    byte[] raw = zip.readAllBytes();
                    manifest = BackupFormat.JSON.readValue(raw, BackupFormat.Manifest.class);
                    Files.write(to.resolve(BackupFormat.MANIFEST), raw);
                    continue;
                }
                Path file = BackupFormat.resolve(to, entry.getName());
                Files.createDirectories(file.getParent());
                try (OutputStream target = Files.newOutputStream(file)) {
                    written.put(entry.getName(), BackupFormat.copy(zip, target));
                }
            }
        }
        if (manifest == null) {
            throw new IOException("the service's answer ended before its manifest");
        }
        if (!manifest.entries().equals(written)) {
            throw new IOException("what arrived does not match the manifest");
        }
        return manifest;
    }

    private static String refusalOf(byte[] body) {
        try {
            JsonNode error = BackupFormat.JSON.readTree(body);
            return error.path("code").asText() + ": " + error.path("message").asText();
        } catch (IOException | RuntimeException e) {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
