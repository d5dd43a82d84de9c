package io.secretledger.command.totp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TotpSeedTest {

    /** "12345678901234567890", the RFC 6238 SHA1 seed, in base32. */
    private static final String RFC_SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    @Test
    void decodesAndEncodesBase32AsRfc4648() {
        assertThat(new String(Base32.decode(RFC_SEED), StandardCharsets.US_ASCII)).isEqualTo("12345678901234567890");
        assertThat(Base32.encode("12345678901234567890".getBytes(StandardCharsets.US_ASCII))).isEqualTo(RFC_SEED);
        // RFC 4648 section 10.
        assertThat(Base32.decode("MZXW6YTBOI======")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
        assertThat(Base32.decode("MZXW6YQ")).isEqualTo("foob".getBytes(StandardCharsets.US_ASCII));
        assertThat(Base32.encode("fooba".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTB");
    }

    @Test
    void readsABareSeedWithSpacesLowerCaseAndPadding() {
        TotpSeed seed = TotpSeed.parse("  gezd gnbv gy3t qojq GEZD GNBV GY3T QOJQ  ");

        assertThat(new String(seed.key(), StandardCharsets.US_ASCII)).isEqualTo("12345678901234567890");
        assertThat(seed.algorithm()).isEqualTo(TotpAlgorithm.SHA1);
        assertThat(seed.digits()).isEqualTo(6);
        assertThat(seed.period()).isEqualTo(30);
        assertThat(seed.uri()).isEqualTo("otpauth://totp/?secret=" + RFC_SEED + "&algorithm=SHA1&digits=6&period=30");
        assertThat(TotpSeed.parse("MZXW6YTBOI3DCMJQGEYQ====").key()).hasSize(12);
    }

    @Test
    void readsAnOtpauthUriWithItsParameters() {
        TotpSeed seed = TotpSeed.parse("otpauth://totp/ACME%20Co:alice@example.com?secret=" + RFC_SEED.toLowerCase()
                + "&issuer=ACME%20Co&algorithm=sha256&digits=8&period=60&image=https%3A%2F%2Fexample.com%2Fa.png");

        assertThat(seed.algorithm()).isEqualTo(TotpAlgorithm.SHA256);
        assertThat(seed.digits()).isEqualTo(8);
        assertThat(seed.period()).isEqualTo(60);
        assertThat(seed.label()).isEqualTo("ACME Co:alice@example.com");
        assertThat(seed.issuer()).isEqualTo("ACME Co");
        assertThat(seed.uri()).isEqualTo("otpauth://totp/ACME%20Co:alice%40example.com?secret=" + RFC_SEED
                + "&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60");
    }

    @Test
    void readsItsOwnCanonicalUriBackUnchanged() {
        TotpSeed seed = TotpSeed.parse("otpauth://TOTP/Example:bob?secret=" + RFC_SEED + "&algorithm=SHA512&digits=8");

        TotpSeed again = TotpSeed.parse(seed.uri());

        assertThat(again.uri()).isEqualTo(seed.uri());
        assertThat(Totp.at(again, Instant.ofEpochSecond(59)).code())
                .isEqualTo(Totp.at(seed, Instant.ofEpochSecond(59)).code());
    }

    @Test
    void takesTheDefaultsOfTheKeyUriFormat() {
        TotpSeed seed = TotpSeed.parse("otpauth://totp/label?secret=" + RFC_SEED);

        assertThat(seed.algorithm()).isEqualTo(TotpAlgorithm.SHA1);
        assertThat(seed.digits()).isEqualTo(6);
        assertThat(seed.period()).isEqualTo(30);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "   ",
            "GEZDGNBVGY3TQOJ1",                              // 1 is not base32
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ0",            // nor is 0
            "GEZDGNBV=GY3TQOJQ",                             // padding in the middle
            "GEZDGNBVG",                                     // 9 characters: no byte string has this length
            "GEZDGNBV",                                      // 5 bytes: too short to be a seed
            "otpauth://hotp/label?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=1",
            "otpauth://totp/label?issuer=ACME",
            "otpauth://totp/label?secret=",
            "otpauth://totp/label?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=MD5",
            "otpauth://totp/label?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=7",
            "otpauth://totp/label?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=six",
            "otpauth://totp/label?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&period=0",
            "otpauth://totp/label?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&period=301",
            "otpauth://totp/label?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            "otpauth://totp/%zz?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    })
    void refusesWhatIsNoSeedAndNeverEchoesIt(String input) {
        assertThatThrownBy(() -> TotpSeed.parse(input))
                .isInstanceOf(TotpSeed.Invalid.class)
                .satisfies(failure -> assertThat(failure.getMessage()).doesNotContain("GEZDGNBV"));
    }

    @Test
    void neverPrintsTheKey() {
        assertThat(TotpSeed.parse(RFC_SEED).toString()).doesNotContain(RFC_SEED).doesNotContain("1234567890");
    }
}
