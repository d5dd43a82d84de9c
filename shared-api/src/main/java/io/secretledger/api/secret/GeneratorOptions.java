package io.secretledger.api.secret;

/**
 * How to generate a value; null members take the defaults: 32 characters drawn uniformly from upper- and
 * lower-case letters, digits and the symbols {@code !#$%&*+-=?@^_}.
 */
public record GeneratorOptions(Integer length, Boolean uppercase, Boolean lowercase, Boolean digits, Boolean symbols) {

    public static final GeneratorOptions DEFAULT = new GeneratorOptions(null, null, null, null, null);
}
