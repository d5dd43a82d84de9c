package io.secretledger.api.secret;

import io.secretledger.api.common.Plaintext;

/**
 * A value given for a template field by its key, or a request to generate one ({@code generate}); a
 * sensitive required text field left empty on creation is generated with the defaults.
 */
public record FieldInput(String key, Plaintext value, GeneratorOptions generate) {

    public FieldInput(String key, Plaintext value) {
        this(key, value, null);
    }
}
