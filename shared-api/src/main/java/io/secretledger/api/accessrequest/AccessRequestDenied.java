package io.secretledger.api.accessrequest;

import io.secretledger.api.common.Actor;

public record AccessRequestDenied(String requestId, String workspaceId, String secretId, String memberId,
                                  int number, String comment, Actor actor) {
}
