package io.secretledger.api.access;

/**
 * A dynamic access rule of a secret. {@code pattern} is used by the title and division rules only: a glob
 * ({@code *} any run of characters, {@code ?} one character, case-insensitive, whole value), or a regular
 * expression in RE2 syntax when it starts with {@code re:} (linear time, so no catastrophic backtracking).
 */
public record AccessRule(String id, RuleType type, String pattern) {
}
