package io.secretledger.command.secret;

import io.secretledger.command.common.Violations;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a file must be to be attached: at most {@code maxBytes}, of an allowed content type, and its bytes must
 * look like that type (a PDF starts with %PDF, a PNG with its signature, text is UTF-8 without NUL), so that an
 * executable renamed to .pdf is refused.
 */
public final class FileRules {

    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;

    private static final Map<String, Predicate<byte[]>> TYPES = Map.of(
            "application/pdf", bytes -> startsWith(bytes, "%PDF-".getBytes(StandardCharsets.US_ASCII)),
            "image/png", bytes -> startsWith(bytes, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}),
            "image/jpeg", bytes -> startsWith(bytes, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff}),
            "image/gif", bytes -> startsWith(bytes, "GIF8".getBytes(StandardCharsets.US_ASCII)),
            "application/zip", bytes -> startsWith(bytes, new byte[] {'P', 'K', 3, 4}),
            "text/plain", FileRules::isText,
            "application/json", FileRules::isText,
            "application/x-pem-file", FileRules::isText);

    private final long maxBytes;

    public FileRules(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public static Set<String> allowedTypes() {
        return TYPES.keySet();
    }

    /** The content type without parameters, lower case; null if absent. */
    static String baseType(String contentType) {
        return contentType == null ? null : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    }

    void check(String fileName, String contentType, byte[] content, Violations violations) {
        if (fileName == null || fileName.isBlank() || fileName.length() > 255
                || fileName.chars().anyMatch(c -> c < 0x20 || c == '/' || c == '\\')) {
            violations.add("file.name", "A file name has 1 to 255 characters and no path or control characters");
        }
        if (content == null || content.length == 0) {
            violations.add("file", "The file is empty");
            return;
        }
        if (content.length > maxBytes) {
            violations.add("file", "A file has at most " + maxBytes + " bytes");
            return;
        }
        Predicate<byte[]> looksLike = TYPES.get(baseType(contentType));
        if (looksLike == null) {
            violations.add("file.contentType", "Allowed types: " + String.join(", ", TYPES.keySet().stream().sorted().toList()));
        } else if (!looksLike.test(content)) {
            violations.add("file.contentType", "The file's content is not of the type it claims");
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static boolean isText(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
