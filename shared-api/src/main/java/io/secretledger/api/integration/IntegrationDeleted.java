package io.secretledger.api.integration;

import io.secretledger.api.common.Actor;

public record IntegrationDeleted(String integrationId, String workspaceId, String name, Actor actor) {
}
