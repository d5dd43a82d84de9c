package io.secretledger.command.totp;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A one-time-password seed with its parameters, read from a bare base32 seed or an
 * {@code otpauth://totp/label?secret=..&issuer=..&algorithm=..&digits=..&period=..} URI (the Key Uri Format
 * authenticator apps scan), and kept as such a URI in one canonical spelling.
 */
public record TotpSeed(byte[] key, TotpAlgorithm algorithm, int digits, int period, String label, String issuer) {

    static final int MIN_KEY_BYTES = 10;
    static final int MAX_KEY_BYTES = 128;
    static final int MAX_PERIOD = 300;
    static final int MAX_INPUT = 2_048;
    private static final String PREFIX = "otpauth://";

    /** Why a text is not a seed; the message names the part that is wrong, never the value. */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message, null);
        }
    }

    public static TotpSeed parse(String input) {
        if (input == null || input.isBlank()) {
            throw new Invalid("Give a base32 seed or an otpauth://totp/ URI");
        }
        String text = input.strip();
        if (text.length() > MAX_INPUT) {
            throw new Invalid("A seed or otpauth URI has at most " + MAX_INPUT + " characters");
        }
        if (!text.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return new TotpSeed(key(text), TotpAlgorithm.SHA1, 6, 30, "", "");
        }
        return fromUri(text.substring(PREFIX.length()));
    }

    private static TotpSeed fromUri(String rest) {
        int slash = rest.indexOf('/');
        String type = slash < 0 ? rest : rest.substring(0, slash);
        if (!type.toLowerCase(Locale.ROOT).equals("totp")) {
            throw new Invalid("Only otpauth://totp/ URIs are time-based one-time passwords");
        }
        String afterType = slash < 0 ? "" : rest.substring(slash + 1);
        int question = afterType.indexOf('?');
        String label = decode(question < 0 ? afterType : afterType.substring(0, question), "label");
        Map<String, String> parameters = new HashMap<>();
        if (question >= 0) {
            for (String pair : afterType.substring(question + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals), "parameter").toLowerCase(Locale.ROOT);
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1), name);
                if (parameters.put(name, value) != null) {
                    throw new Invalid("The otpauth URI gives " + name + " twice");
                }
            }
        }
        String secret = parameters.get("secret");
        if (secret == null || secret.isBlank()) {
            throw new Invalid("The otpauth URI has no secret");
        }
        TotpAlgorithm algorithm = parameters.containsKey("algorithm")
                ? TotpAlgorithm.named(parameters.get("algorithm"))
                        .orElseThrow(() -> new Invalid("The algorithm is SHA1, SHA256 or SHA512"))
                : TotpAlgorithm.SHA1;
        int digits = number(parameters.getOrDefault("digits", "6"), "digits");
        if (digits != 6 && digits != 8) {
            throw new Invalid("A code has 6 or 8 digits");
        }
        int period = number(parameters.getOrDefault("period", "30"), "period");
        if (period < 1 || period > MAX_PERIOD) {
            throw new Invalid("The period is 1 to " + MAX_PERIOD + " seconds");
        }
        String issuer = parameters.getOrDefault("issuer", "").strip();
        if (label.length() > 200 || issuer.length() > 200) {
            throw new Invalid("A label or issuer has at most 200 characters");
        }
        return new TotpSeed(key(secret), algorithm, digits, period, label.strip(), issuer);
    }

    private static byte[] key(String base32) {
        byte[] key = Base32.decode(base32);
        if (key == null) {
            throw new Invalid("The seed is not base32 (RFC 4648: letters A to Z and digits 2 to 7)");
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            throw new Invalid("A seed holds " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES + " bytes (16 to 205 base32 "
                    + "characters)");
        }
        return key;
    }

    private static int number(String text, String name) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException notANumber) {
            throw new Invalid("The " + name + " is a whole number");
        }
    }

    private static String decode(String text, String part) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw new Invalid("The otpauth URI's " + part + " is not percent-encoded properly");
        }
    }

    /** The canonical spelling the field stores and a seed reveal hands out. */
    public String uri() {
        StringBuilder uri = new StringBuilder(PREFIX).append("totp/").append(encode(label))
                .append("?secret=").append(Base32.encode(key));
        if (!issuer.isEmpty()) {
            uri.append("&issuer=").append(encode(issuer));
        }
        return uri.append("&algorithm=").append(algorithm.name()).append("&digits=").append(digits)
                .append("&period=").append(period).toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":");
    }

    @Override
    public String toString() {
        return "TotpSeed[redacted, algorithm=" + algorithm + ", digits=" + digits + ", period=" + period + "]";
    }
}
