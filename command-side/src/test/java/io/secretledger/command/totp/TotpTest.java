package io.secretledger.command.totp;

import io.secretledger.api.totp.OneTimeCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 6238 Appendix B, every vector, and RFC 4226 Appendix D for the 6-digit truncation. */
class TotpTest {

    private static final byte[] SHA1_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_KEY = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA512_KEY = ("1234567890123456789012345678901234567890123456789012345678901234")
            .getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "{1} at {0}: {2}")
    @CsvSource({
            "59, SHA1, 94287082",
            "59, SHA256, 46119246",
            "59, SHA512, 90693936",
            "1111111109, SHA1, 07081804",
            "1111111109, SHA256, 68084774",
            "1111111109, SHA512, 25091201",
            "1111111111, SHA1, 14050471",
            "1111111111, SHA256, 67062674",
            "1111111111, SHA512, 99943326",
            "1234567890, SHA1, 89005924",
            "1234567890, SHA256, 91819424",
            "1234567890, SHA512, 93441116",
            "2000000000, SHA1, 69279037",
            "2000000000, SHA256, 90698825",
            "2000000000, SHA512, 38618901",
            "20000000000, SHA1, 65353130",
            "20000000000, SHA256, 77737706",
            "20000000000, SHA512, 47863826"
    })
    void givesTheCodesOfRfc6238AppendixB(long unixSeconds, TotpAlgorithm algorithm, String expected) {
        TotpSeed seed = new TotpSeed(keyFor(algorithm), algorithm, 8, 30, "", "");

        OneTimeCode code = Totp.at(seed, Instant.ofEpochSecond(unixSeconds));

        assertThat(code.code()).isEqualTo(expected);
        assertThat(code.digits()).isEqualTo(8);
        assertThat(code.period()).isEqualTo(30);
    }

    @ParameterizedTest(name = "counter {0}: {1}")
    @CsvSource({"0, 755224", "1, 287082", "2, 359152", "3, 969429", "4, 338314", "5, 254676", "6, 287922",
            "7, 162583", "8, 399871", "9, 520489"})
    void truncatesToSixDigitsAsRfc4226AppendixD(long counter, String expected) {
        assertThat(Totp.hotp(TotpAlgorithm.SHA1, SHA1_KEY, counter, 6)).isEqualTo(expected);
    }

    @Test
    void keepsLeadingZeroesOfASixDigitCode() {
        // 1111111109 is step 37037036, whose 8-digit code is 07081804; six digits keep the leading zero.
        TotpSeed seed = new TotpSeed(SHA1_KEY, TotpAlgorithm.SHA1, 6, 30, "", "");

        assertThat(Totp.at(seed, Instant.ofEpochSecond(1111111109)).code()).isEqualTo("081804");
    }

    @Test
    void countsTheSecondsLeftInTheStep() {
        TotpSeed seed = new TotpSeed(SHA1_KEY, TotpAlgorithm.SHA1, 6, 30, "", "");

        assertThat(Totp.at(seed, Instant.ofEpochSecond(59)).secondsLeft()).isEqualTo(1);
        assertThat(Totp.at(seed, Instant.ofEpochSecond(60)).secondsLeft()).isEqualTo(30);
        assertThat(Totp.at(seed, Instant.ofEpochSecond(75)).secondsLeft()).isEqualTo(15);
        assertThat(Totp.at(seed, Instant.ofEpochSecond(60)).code())
                .isNotEqualTo(Totp.at(seed, Instant.ofEpochSecond(59)).code());
    }

    @Test
    void neverPrintsTheCode() {
        OneTimeCode code = Totp.at(new TotpSeed(SHA1_KEY, TotpAlgorithm.SHA1, 6, 30, "", ""),
                Instant.ofEpochSecond(59));

        assertThat(code.toString()).doesNotContain(code.code());
    }

    private static byte[] keyFor(TotpAlgorithm algorithm) {
        return switch (algorithm) {
            case SHA1 -> SHA1_KEY;
            case SHA256 -> SHA256_KEY;
            case SHA512 -> SHA512_KEY;
        };
    }
}
