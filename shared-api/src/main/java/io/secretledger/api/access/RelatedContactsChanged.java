package io.secretledger.api.access;

import io.secretledger.api.common.Actor;

import java.util.Set;

public record RelatedContactsChanged(String secretId, String workspaceId, Set<String> relatedContactIds,
                                     Actor actor) {
}
