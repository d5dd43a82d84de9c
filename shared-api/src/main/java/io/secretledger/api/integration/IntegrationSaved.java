package io.secretledger.api.integration;

import io.secretledger.api.common.Actor;

import java.util.List;

/** The configuration as saved, with the names of the secrets it refers to. */
public record IntegrationSaved(String integrationId, String workspaceId, String name, String method, String url,
                               List<HeaderTemplate> headers, String body, String encryptionKeyRef,
                               List<String> referencedSecrets, Actor actor) {
}
