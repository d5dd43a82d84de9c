package io.secretledger.command.totp;

import java.util.Locale;
import java.util.Optional;

/** The HMACs RFC 6238 names; SHA1 is what an otpauth URI without an algorithm means. */
public enum TotpAlgorithm {
    SHA1("HmacSHA1"),
    SHA256("HmacSHA256"),
    SHA512("HmacSHA512");

    private final String mac;

    TotpAlgorithm(String mac) {
        this.mac = mac;
    }

    String mac() {
        return mac;
    }

    /** SHA1, sha256, SHA-512 and the like. */
    static Optional<TotpAlgorithm> named(String name) {
        String plain = name.strip().toUpperCase(Locale.ROOT).replace("-", "");
        for (TotpAlgorithm algorithm : values()) {
            if (algorithm.name().equals(plain)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }
}
