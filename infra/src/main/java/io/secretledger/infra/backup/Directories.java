package io.secretledger.infra.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The directories a backup is written to and restored into: missing or empty, never anything else. */
final class Directories {

    private Directories() {
    }

    /** Null when {@code directory} is missing or empty, else why it is refused. */
    static String refuseUnlessEmpty(Path directory, String what) {
        if (!Files.exists(directory)) {
            return null;
        }
        if (!Files.isDirectory(directory)) {
            return directory.toAbsolutePath() + " is a file; a " + what + " goes into an empty directory";
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty() ? null : directory.toAbsolutePath() + " is not empty; a " + what
                    + " goes into an empty directory, so that nothing in it is overwritten or mixed in";
        } catch (IOException | UncheckedIOException e) {
            return "Cannot read " + directory.toAbsolutePath() + ": " + e.getMessage();
        }
    }

    /** Removes everything under {@code directory}, keeping the directory itself. */
    static void empty(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.toList()) {
                Backups.deleteTree(entry);
            }
        }
    }
}
