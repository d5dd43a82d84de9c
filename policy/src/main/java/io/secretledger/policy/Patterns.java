package io.secretledger.policy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rule patterns: a glob ({@code *} any run, {@code ?} one character; whole value, case-insensitive) or, with
 * the prefix {@code re:}, an RE2 regular expression (case-insensitive, searched within the value). RE2 runs
 * in linear time, so no pattern can make a decision slow.
 */
public final class Patterns {

    public static final int MAX_LENGTH = 200;
    private static final String REGEX_PREFIX = "re:";
    private static final int MAX_CACHED = 10_000;
    /** Rules are evaluated on every decision; compiling a pattern once is enough (patterns are immutable). */
    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    private Patterns() {
    }

    /** Compiles the pattern, or throws {@link IllegalArgumentException} saying what is wrong with it. */
    public static Pattern compile(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("A pattern is required");
        }
        if (pattern.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("A pattern has at most " + MAX_LENGTH + " characters");
        }
        try {
            if (pattern.startsWith(REGEX_PREFIX)) {
                return Pattern.compile(pattern.substring(REGEX_PREFIX.length()), Pattern.CASE_INSENSITIVE);
            }
            return Pattern.compile(globToRegex(pattern.strip()), Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("Not a valid RE2 regular expression");
        }
    }

    public static boolean matches(String pattern, String value) {
        if (value == null) {
            return false;
        }
        Pattern compiled = COMPILED.get(pattern);
        if (compiled == null) {
            if (COMPILED.size() >= MAX_CACHED) {
                COMPILED.clear();
            }
            compiled = compile(pattern);
            COMPILED.put(pattern, compiled);
        }
        return pattern.startsWith(REGEX_PREFIX) ? compiled.matcher(value).find() : compiled.matches(value);
    }

    private static String globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
