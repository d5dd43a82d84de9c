package io.secretledger.api.integration;

/** A field placed into a call, at the version used. */
public record UsedField(String fieldKey, int version) {
}
