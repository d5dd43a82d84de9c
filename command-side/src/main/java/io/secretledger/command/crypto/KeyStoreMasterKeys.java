package io.secretledger.command.crypto;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;

/**
 * The master key in a Bouncy Castle FIPS key store (BCFKS) file, under an alias. A rotation adds the new key
 * as {@code <alias>-next}, and once every workspace key is rewrapped stores it under the alias, replacing
 * (destroying) the old entry; the file is rewritten atomically each time.
 */
public final class KeyStoreMasterKeys extends HeldMasterKeys {

    private static final String TYPE = "BCFKS";

    private final Path path;
    private final char[] password;
    private final String alias;
    private final SecureRandom random;
    private KeyStore store;

    private KeyStoreMasterKeys(Path path, char[] password, String alias, SecureRandom random) {
        this.path = path;
        this.password = password.clone();
        this.alias = alias;
        this.random = random;
    }

    /**
     * Opens the key store; creates it with a new key only when it is absent and {@code dataExists} is false.
     *
     * @throws IllegalStateException if it is absent over existing data, the password is wrong or the alias is missing
     */
    public static KeyStoreMasterKeys open(Path path, char[] password, String alias, boolean dataExists,
                                          SecureRandom random) {
        KeyStoreMasterKeys keys = new KeyStoreMasterKeys(path, password, alias, random);
        try {
            keys.store = KeyStore.getInstance(TYPE, new BouncyCastleProvider());
            if (!Files.exists(path)) {
                if (dataExists) {
                    throw new IllegalStateException("Master key store " + path + " is missing but data exists; restore "
                            + "the key store this data was encrypted with");
                }
                keys.store.load(null, password);
                keys.store.setEntry(alias, entry(keys.generate()), keys.protection());
                keys.save();
            } else {
                try (InputStream in = Files.newInputStream(path)) {
                    keys.store.load(in, password);
                }
            }
            keys.hold(keys.read(alias).orElseThrow(() -> new IllegalStateException(
                    "Master key store " + path + " has no secret key under alias " + alias)));
            keys.read(alias + "-next").ifPresent(keys::hold);
            return keys;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open master key store " + path + " (wrong password or not a "
                    + TYPE + " store): " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot open master key store " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected SecureRandom random() {
        return random;
    }

    @Override
    protected void storeNext(byte[] key) {
        try {
            store.setEntry(alias + "-next", entry(key), protection());
            save();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot add the new master key to " + path, e);
        }
    }

    @Override
    protected void storeCurrent(byte[] key) {
        try {
            store.setEntry(alias, entry(key), protection());
            store.deleteEntry(alias + "-next");
            save();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot retire the previous master key in " + path, e);
        }
    }

    private java.util.Optional<byte[]> read(String entryAlias) throws GeneralSecurityException {
        Key key = store.getKey(entryAlias, password);
        if (key == null) {
            return java.util.Optional.empty();
        }
        byte[] bytes = key.getEncoded();
        if (bytes == null || bytes.length != Aead.KEY_BYTES) {
            throw new IllegalStateException("Entry " + entryAlias + " of " + path + " is not a 256-bit key");
        }
        return java.util.Optional.of(bytes);
    }

    private byte[] generate() {
        byte[] bytes = new byte[Aead.KEY_BYTES];
        random.nextBytes(bytes);
        return bytes;
    }

    private KeyStore.ProtectionParameter protection() {
        return new KeyStore.PasswordProtection(password);
    }

    private static KeyStore.SecretKeyEntry entry(byte[] bytes) {
        return new KeyStore.SecretKeyEntry(new SecretKeySpec(bytes, "AES"));
    }

    private void save() {
        try {
            Path parent = path.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, path.getFileName().toString(), ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                store.store(out, password);
            }
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | GeneralSecurityException e) {
            throw new UncheckedIOException(new IOException("Cannot write master key store " + path, e));
        }
    }
}
