package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;

public record SecretFileDownloaded(String secretId, String workspaceId, String fieldKey, int fileVersion,
                                   String grant, String ticketId, Actor actor) {
}
