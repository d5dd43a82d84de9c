package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;

import java.util.Set;

public record ServiceAccountCreated(String workspaceId, String serviceAccountId, String name, Set<ServiceScope> scopes,
                                    Actor actor) {
}
