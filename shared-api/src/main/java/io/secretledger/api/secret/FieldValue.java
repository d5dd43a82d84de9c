package io.secretledger.api.secret;

/**
 * A stored field value at a version: {@code text} for a field that is not sensitive, {@code encrypted}
 * for one that is; never both.
 */
public record FieldValue(String key, int version, String text, EncryptedValue encrypted) {

    public static FieldValue plain(String key, int version, String text) {
        return new FieldValue(key, version, text, null);
    }

    public static FieldValue sealed(String key, int version, EncryptedValue encrypted) {
        return new FieldValue(key, version, null, encrypted);
    }

    public boolean holdsCiphertext() {
        return encrypted != null;
    }
}
