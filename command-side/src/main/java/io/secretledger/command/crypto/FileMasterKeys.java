package io.secretledger.command.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The master key of the default profile: 32 random bytes in a file only its owner can read, created on the
 * first start and never over existing data (that would make every stored value unreadable). A rotation
 * writes the new key beside it ({@code master.key.next}) and moves it over the old one once every workspace
 * key is rewrapped; a start that finds both finishes the rotation.
 */
public final class FileMasterKeys extends HeldMasterKeys {

    private final Path path;
    private final Path next;
    private final SecureRandom random;

    private FileMasterKeys(Path path, SecureRandom random) {
        this.path = path;
        this.next = path.resolveSibling(path.getFileName() + ".next");
        this.random = random;
    }

    /** Loads the key at {@code path}, which must exist. */
    public static FileMasterKeys load(Path path, SecureRandom random) {
        if (!Files.exists(path)) {
            throw new IllegalStateException("Master key file " + path + " is missing; provide the key this data "
                    + "was encrypted with (secretledger.master-key-file)");
        }
        return loadOrCreate(path, true, random);
    }

    /**
     * Loads the key at {@code path}; if it is absent and {@code dataExists} is false, creates it.
     *
     * @throws IllegalStateException if the key is absent but data exists, or the file is not a key
     */
    public static FileMasterKeys loadOrCreate(Path path, boolean dataExists, SecureRandom random) {
        FileMasterKeys keys = new FileMasterKeys(path, random);
        try {
            if (Files.exists(path)) {
                keys.hold(read(path));
            } else if (dataExists) {
                throw new IllegalStateException("Master key file " + path + " is missing but the data directory "
                        + "holds encrypted data; restore the key instead of starting with a new one");
            } else {
                byte[] bytes = new byte[Aead.KEY_BYTES];
                random.nextBytes(bytes);
                Files.createDirectories(path.toAbsolutePath().getParent());
                writeOwnerOnly(path, bytes);
                keys.hold(bytes);
            }
            if (Files.exists(keys.next)) {
                keys.hold(read(keys.next));
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the master key file " + path, e);
        }
    }

    @Override
    protected SecureRandom random() {
        return random;
    }

    @Override
    protected void storeNext(byte[] key) {
        try {
            writeOwnerOnly(next, key);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the new master key beside " + path, e);
        }
    }

    @Override
    protected void storeCurrent(byte[] key) {
        try {
            Files.move(next, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot retire the previous master key " + path, e);
        }
    }

    private static byte[] read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length != Aead.KEY_BYTES) {
            throw new IllegalStateException("Master key file " + file + " is not a 256-bit key");
        }
        return bytes;
    }

    private static void writeOwnerOnly(Path file, byte[] bytes) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("Master key file " + file + " appeared while it was being created");
        }
        Files.write(file, bytes, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    }
}
