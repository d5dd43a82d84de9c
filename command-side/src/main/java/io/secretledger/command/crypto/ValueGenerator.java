package io.secretledger.command.crypto;

import io.secretledger.api.common.Plaintext;
import io.secretledger.api.secret.GeneratorOptions;
import io.secretledger.command.common.Violations;

import java.security.SecureRandom;

/**
 * Generates secret values from a CSPRNG: each character drawn uniformly (no modulo bias: SecureRandom's
 * bounded nextInt rejects) from the chosen classes, with at least one character of each chosen class when
 * the length allows, so that generated passwords pass the usual composition checks.
 */
public final class ValueGenerator {

    public static final int DEFAULT_LENGTH = 32;
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 256;
    static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    static final String DIGITS = "0123456789";
    static final String SYMBOLS = "!#$%&*+-=?@^_";

    private final SecureRandom random;

    public ValueGenerator(SecureRandom random) {
        this.random = random;
    }

    /** Adds a violation under {@code path} for options that cannot generate anything. */
    public static void check(GeneratorOptions options, String path, Violations violations) {
        int length = options.length() == null ? DEFAULT_LENGTH : options.length();
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            violations.add(path + ".length", "A generated value has " + MIN_LENGTH + " to " + MAX_LENGTH
                    + " characters");
        }
        if (classes(options).length == 0) {
            violations.add(path, "Choose at least one kind of character");
        }
    }

    public Plaintext generate(GeneratorOptions options) {
        String[] classes = classes(options);
        int length = options.length() == null ? DEFAULT_LENGTH : options.length();
        String alphabet = String.join("", classes);
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        // One of each chosen class at distinct random positions, then nothing else is biased.
        if (length >= classes.length) {
            int[] positions = distinctPositions(length, classes.length);
            for (int c = 0; c < classes.length; c++) {
                chars[positions[c]] = classes[c].charAt(random.nextInt(classes[c].length()));
            }
        }
        return new Plaintext(new String(chars));
    }

    private int[] distinctPositions(int length, int count) {
        int[] all = new int[length];
        for (int i = 0; i < length; i++) {
            all[i] = i;
        }
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(length - i);
            int swap = all[i];
            all[i] = all[j];
            all[j] = swap;
        }
        return java.util.Arrays.copyOf(all, count);
    }

    private static String[] classes(GeneratorOptions options) {
        java.util.List<String> classes = new java.util.ArrayList<>();
        if (!Boolean.FALSE.equals(options.uppercase())) {
            classes.add(UPPER);
        }
        if (!Boolean.FALSE.equals(options.lowercase())) {
            classes.add(LOWER);
        }
        if (!Boolean.FALSE.equals(options.digits())) {
            classes.add(DIGITS);
        }
        if (!Boolean.FALSE.equals(options.symbols())) {
            classes.add(SYMBOLS);
        }
        return classes.toArray(String[]::new);
    }
}
