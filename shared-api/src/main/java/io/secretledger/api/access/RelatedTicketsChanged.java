package io.secretledger.api.access;

import io.secretledger.api.common.Actor;

import java.util.Set;

public record RelatedTicketsChanged(String secretId, String workspaceId, Set<String> relatedTicketIds, Actor actor) {
}
