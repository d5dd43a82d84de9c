package io.secretledger.command.crypto;

import io.secretledger.api.common.Plaintext;
import io.secretledger.command.common.DomainException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Encryption with a key kept as a secret's field (seed 004, Vault's transit model). The AES-256 key is derived
 * from the field's value with HKDF-SHA256 bound to workspace, secret, field and version, so a ciphertext names
 * the only key that opens it; AES-256-GCM with a fresh 96-bit nonce, the same binding as associated data. A
 * ciphertext reads {@code sl:v<version>:<base64 of nonce and sealed bytes>}.
 */
public final class TransitKeys {

    /** A key field's value must carry at least this many characters (a generated value has 32). */
    public static final int MIN_KEY_LENGTH = 32;
    private static final Pattern FORMAT = Pattern.compile("sl:v([1-9][0-9]{0,8}):([A-Za-z0-9+/=]+)");
    private static final byte[] SALT = "secretledger-transit-v1".getBytes(StandardCharsets.US_ASCII);

    private final SecureRandom random;
    private final long maxEncryptions;

    public TransitKeys(SecureRandom random, long maxEncryptions) {
        this.random = random;
        this.maxEncryptions = maxEncryptions;
    }

    /** How many encryptions one key version may do before it must be rotated (a new version of the field). */
    public long maxEncryptions() {
        return maxEncryptions;
    }

    public String encrypt(Plaintext key, String workspaceId, String secretId, String field, int version, byte[] data) {
        byte[] context = Aead.context("transit", workspaceId, secretId, field, Integer.toString(version));
        byte[] nonce = new byte[Aead.NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = Aead.seal(derive(key, context), nonce, context, data);
        byte[] out = Arrays.copyOf(nonce, nonce.length + sealed.length);
        System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
        return "sl:v" + version + ":" + Base64.getEncoder().encodeToString(out);
    }

    /** The key version a ciphertext names; VALIDATION on {@code ciphertext} for anything not of this format. */
    public static int version(String ciphertext) {
        return Integer.parseInt(parse(ciphertext).group(1));
    }

    /** The data, or INTEGRITY if the ciphertext was changed or belongs to another key or version. */
    public byte[] decrypt(Plaintext key, String workspaceId, String secretId, String field, int version,
                          String ciphertext) {
        byte[] all;
        try {
            all = Base64.getDecoder().decode(parse(ciphertext).group(2));
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("ciphertext", "Not a ciphertext of this service");
        }
        if (all.length < Aead.NONCE_BYTES + 16) {
            throw DomainException.integrity("The ciphertext failed its integrity check");
        }
        byte[] context = Aead.context("transit", workspaceId, secretId, field, Integer.toString(version));
        return Aead.open(derive(key, context), Arrays.copyOf(all, Aead.NONCE_BYTES), context,
                Arrays.copyOfRange(all, Aead.NONCE_BYTES, all.length), "ciphertext");
    }

    private static Matcher parse(String ciphertext) {
        Matcher matcher = FORMAT.matcher(ciphertext == null ? "" : ciphertext.strip());
        if (!matcher.matches()) {
            throw DomainException.invalid("ciphertext", "Not a ciphertext of this service (sl:v<version>:<base64>)");
        }
        return matcher;
    }

    private static byte[] derive(Plaintext key, byte[] context) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(key.value().getBytes(StandardCharsets.UTF_8), SALT, context));
        byte[] derived = new byte[Aead.KEY_BYTES];
        hkdf.generateBytes(derived, 0, derived.length);
        return derived;
    }
}
