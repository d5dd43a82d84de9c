package io.secretledger.command.totp;

import io.secretledger.api.totp.OneTimeCode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;

/** RFC 6238: the HOTP of RFC 4226 over the number of periods since the Unix epoch. */
public final class Totp {

    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Totp() {
    }

    /** The code of the time step {@code at} falls in, with the seconds that step has left. */
    public static OneTimeCode at(TotpSeed seed, Instant at) {
        long seconds = at.getEpochSecond();
        long step = Math.floorDiv(seconds, seed.period());
        int left = (int) (seed.period() - Math.floorMod(seconds, seed.period()));
        return new OneTimeCode(hotp(seed.algorithm(), seed.key(), step, seed.digits()), left, seed.period(),
                seed.digits());
    }

    /** RFC 4226 section 5.3: dynamic truncation of the HMAC of the counter, zero-padded to {@code digits}. */
    static String hotp(TotpAlgorithm algorithm, byte[] key, long counter, int digits) {
        byte[] hash;
        try {
            Mac mac = Mac.getInstance(algorithm.mac());
            mac.init(new SecretKeySpec(key, algorithm.mac()));
            hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(counter).array());
        } catch (GeneralSecurityException missing) {
            throw new IllegalStateException("The JDK lacks " + algorithm.mac(), missing);
        }
        int offset = hash[hash.length - 1] & 0x0F;
        int binary = ((hash[offset] & 0x7F) << 24) | ((hash[offset + 1] & 0xFF) << 16)
                | ((hash[offset + 2] & 0xFF) << 8) | (hash[offset + 3] & 0xFF);
        String code = Integer.toString(binary % POWERS[digits]);
        return "0".repeat(digits - code.length()) + code;
    }
}
