package io.secretledger.api.secret;

import io.secretledger.api.common.Plaintext;

/** A value given for a template field by its key. */
public record FieldInput(String key, Plaintext value) {
}
