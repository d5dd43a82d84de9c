package io.secretledger.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Where the command line finds the service and its token: an option first, then the environment
 * ({@code SECRETLEDGER_URL}, {@code SECRETLEDGER_TOKEN}, {@code SECRETLEDGER_WORKSPACE}), then the file
 * {@code login} wrote ({@code SECRETLEDGER_CONFIG}, else {@code ~/.config/secretledger/cli.json}), readable by its
 * owner only, as {@code ~/.vault-token} and the GitHub CLI's hosts file are.
 */
final class Settings {

    static final String DEFAULT_URL = "http://localhost:8080";

    private final Path file;
    private final ObjectNode saved;
    private final Map<String, String> env;
    private final ObjectMapper json;

    private Settings(Path file, ObjectNode saved, Map<String, String> env, ObjectMapper json) {
        this.file = file;
        this.saved = saved;
        this.env = env;
        this.json = json;
    }

    static Settings load(String configOption, Map<String, String> env, ObjectMapper json) {
        Path file = configOption != null ? Path.of(configOption)
                : env.get("SECRETLEDGER_CONFIG") != null ? Path.of(env.get("SECRETLEDGER_CONFIG"))
                : Path.of(env.getOrDefault("XDG_CONFIG_HOME", System.getProperty("user.home") + "/.config"),
                        "secretledger", "cli.json");
        ObjectNode saved = json.createObjectNode();
        if (Files.isRegularFile(file)) {
            try {
                saved = (ObjectNode) json.readTree(file.toFile());
            } catch (IOException | ClassCastException e) {
                throw CliException.usage("The settings file " + file + " is not readable JSON; remove it and log in");
            }
        }
        return new Settings(file, saved, env, json);
    }

    Path file() {
        return file;
    }

    String url(String option) {
        String url = first(option, env.get("SECRETLEDGER_URL"), text("url"));
        return url == null ? DEFAULT_URL : url.replaceAll("/+$", "");
    }

    String token() {
        return first(null, env.get("SECRETLEDGER_TOKEN"), text("token"));
    }

    String workspace(String option) {
        return first(option, env.get("SECRETLEDGER_WORKSPACE"), text("workspace"));
    }

    String text(String key) {
        return saved.hasNonNull(key) ? saved.get(key).asText() : null;
    }

    void put(String key, String value) {
        if (value == null) {
            saved.remove(key);
        } else {
            saved.put(key, value);
        }
    }

    /** Written beside, then moved over the old file: a crash never leaves half a file, and only the owner reads it. */
    void save() {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.deleteIfExists(next);
            try {
                Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(next);
            } catch (FileAlreadyExistsException e) {
                throw new IOException(e);
            }
            json.writerWithDefaultPrettyPrinter().writeValue(next.toFile(), saved);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }
}
