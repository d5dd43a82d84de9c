package io.secretledger.infra.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a backup holds, entry by entry, as the service streams it and as it lies in a backup directory: the event
 * store, a copy of the projection store, the key vault (workspace and data keys, wrapped by the master key), the
 * attached files' ciphertext, the demo marker, the token signing key sealed under a key of the vault, and last a
 * manifest with every entry's SHA-256. The master key is never in it: a backup is useless without it, as a Vault
 * snapshot is without the unseal keys.
 */
final class BackupFormat {

    static final int VERSION = 1;
    static final String MANIFEST = "manifest.json";
    static final String EVENTS = "events.mv.db";
    static final String PROJECTIONS = "projections.mv";
    static final String VAULT = "keys/vault";
    static final String FILES = "files";
    static final String DEMO_MARKER = "demo-workspace.json";
    /** The token signing key of the data directory, and its sealed form in a backup. */
    static final String TOKEN_KEY = "keys/jwt.key";
    static final String SEALED_TOKEN_KEY = "keys/jwt.key.sealed";
    /** The purpose key of the vault that seals the token signing key. */
    static final String PURPOSE = "backup";

    private static final Pattern SAFE_ENTRY = Pattern.compile("[A-Za-z0-9._/-]{1,400}");
    private static final byte[] TOKEN_KEY_CONTEXT = "secretledger backup: keys/jwt.key".getBytes(StandardCharsets.UTF_8);
    private static final int NONCE_BYTES = 12;

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private BackupFormat() {
    }

    /**
     * @param masterKeyId the fingerprint of the master key that wraps the backup's workspace keys
     * @param entries     every entry but the manifest, with its SHA-256 and size
     */
    record Manifest(int format, Instant createdAt, String masterKeyId, Map<String, Entry> entries) {
    }

    record Entry(String sha256, long bytes) {
    }

    /** An entry's path under a directory, refused if it could leave it. */
    static Path resolve(Path directory, String entry) {
        if (!SAFE_ENTRY.matcher(entry).matches() || entry.startsWith("/") || Arrays.asList(entry.split("/"))
                .stream().anyMatch(part -> part.isEmpty() || part.equals(".") || part.equals(".."))) {
            throw new IllegalArgumentException("Not an entry of a SecretLedger backup: " + entry);
        }
        return directory.resolve(entry);
    }

    /** Copies {@code in} to {@code out} and returns the SHA-256 and size of what went through. */
    static Entry copy(InputStream in, OutputStream out) throws IOException {
        MessageDigest sha256 = sha256();
        long bytes;
        DigestOutputStream digesting = new DigestOutputStream(out, sha256);
        bytes = in.transferTo(digesting);
        digesting.flush();
        return new Entry(HexFormat.of().formatHex(sha256.digest()), bytes);
    }

    static Entry of(byte[] content) {
        return new Entry(HexFormat.of().formatHex(sha256().digest(content)), content.length);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** AES-256-GCM under a purpose key of the vault: nonce, then ciphertext and tag. */
    static byte[] sealTokenKey(byte[] key, byte[] tokenKey, SecureRandom random) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = gcm(Cipher.ENCRYPT_MODE, key, nonce, tokenKey);
        byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
        System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
        return out;
    }

    static byte[] openTokenKey(byte[] key, byte[] sealed) {
        if (sealed.length <= NONCE_BYTES) {
            throw new IllegalArgumentException("The sealed token signing key is truncated");
        }
        return gcm(Cipher.DECRYPT_MODE, key, Arrays.copyOf(sealed, NONCE_BYTES),
                Arrays.copyOfRange(sealed, NONCE_BYTES, sealed.length));
    }

    private static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(TOKEN_KEY_CONTEXT);
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("The token signing key does not open under this backup's key vault", e);
        }
    }
}
