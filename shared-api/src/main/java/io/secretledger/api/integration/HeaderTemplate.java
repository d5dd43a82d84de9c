package io.secretledger.api.integration;

/** A request header whose value may hold {@link SecretReference references}. */
public record HeaderTemplate(String name, String value) {
}
