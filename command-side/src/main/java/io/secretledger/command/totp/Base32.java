package io.secretledger.command.totp;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * RFC 4648 base32, as authenticator apps show seeds: upper or lower case, spaces between groups, padding optional.
 * Anything else (a 0, 1, 8 or 9, padding in the middle, a length no byte string has) is not a seed.
 */
final class Base32 {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Base32() {
    }

    /** The bytes, or null where the text is not base32. */
    static byte[] decode(String text) {
        String compact = text.replace(" ", "").toUpperCase(Locale.ROOT);
        int end = compact.length();
        while (end > 0 && compact.charAt(end - 1) == '=') {
            end--;
        }
        if (end == 0 || (compact.length() != end && compact.length() % 8 != 0)) {
            return null;
        }
        // Lengths 1, 3 and 6 (mod 8) leave bits no byte string ends with.
        int rest = end % 8;
        if (rest == 1 || rest == 3 || rest == 6) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(end * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < end; i++) {
            int value = ALPHABET.indexOf(compact.charAt(i));
            if (value < 0) {
                return null;
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                bytes.write((buffer >> (bits - 8)) & 0xFF);
                bits -= 8;
            }
        }
        return bytes.toByteArray();
    }

    /** Without padding, as otpauth URIs carry it. */
    static String encode(byte[] data) {
        StringBuilder text = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                text.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            text.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return text.toString();
    }
}
