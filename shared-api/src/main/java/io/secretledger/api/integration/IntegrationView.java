package io.secretledger.api.integration;

import java.util.List;

/** An integration configuration as members read it: references, never values. */
public record IntegrationView(String id, String name, String method, String url, List<HeaderTemplate> headers,
                              String body, String encryptionKeyRef, List<String> referencedSecrets, long version) {
}
