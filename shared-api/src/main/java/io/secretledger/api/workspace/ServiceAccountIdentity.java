package io.secretledger.api.workspace;

import java.util.Set;

public record ServiceAccountIdentity(String workspaceId, String serviceAccountId, String name,
                                     Set<ServiceScope> scopes) {
}
