package io.secretledger.command.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The master key of the default profile: 32 random bytes in a file only its owner can read, created on
 * the first start. It is never created over existing data (that would make every stored value
 * unreadable), and never logged.
 */
public final class MasterKeyFile implements KeyRing {

    private static final int KEY_BYTES = 32;

    private final String keyId;
    private final byte[] key;

    private MasterKeyFile(byte[] key) {
        this.key = key;
        this.keyId = "master-" + fingerprint(key);
    }

    /** Loads the key at {@code path}, which must exist. */
    public static MasterKeyFile load(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalStateException("Master key file " + path + " is missing; provide the key this data "
                    + "was encrypted with (secretledger.master-key-file)");
        }
        return loadOrCreate(path, true, null);
    }

    /**
     * Loads the key at {@code path}; if it is absent and {@code dataExists} is false, creates it.
     *
     * @throws IllegalStateException if the key is absent but data exists, or the file is not a key
     */
    public static MasterKeyFile loadOrCreate(Path path, boolean dataExists, SecureRandom random) {
        try {
            if (Files.exists(path)) {
                byte[] bytes = Files.readAllBytes(path);
                if (bytes.length != KEY_BYTES) {
                    throw new IllegalStateException("Master key file " + path + " is not a 256-bit key");
                }
                return new MasterKeyFile(bytes);
            }
            if (dataExists) {
                throw new IllegalStateException("Master key file " + path + " is missing but the data directory "
                        + "holds encrypted data; restore the key instead of starting with a new one");
            }
            byte[] bytes = new byte[KEY_BYTES];
            random.nextBytes(bytes);
            Files.createDirectories(path.toAbsolutePath().getParent());
            writeOwnerOnly(path, bytes);
            return new MasterKeyFile(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the master key file " + path, e);
        }
    }

    private static void writeOwnerOnly(Path path, byte[] bytes) throws IOException {
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(path);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("Master key file " + path + " appeared while it was being created");
        }
        Files.write(path, bytes, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    }

    private static String fingerprint(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String currentKeyId() {
        return keyId;
    }

    @Override
    public byte[] key(String id) {
        if (!keyId.equals(id)) {
            throw new UnknownKeyException(id);
        }
        return key;
    }
}
