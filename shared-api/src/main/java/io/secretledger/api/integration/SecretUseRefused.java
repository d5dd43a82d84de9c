package io.secretledger.api.integration;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ErrorCode;

/** A call with the secret was refused (destination not allowed, no scope, unknown field); nothing left the service. */
public record SecretUseRefused(String secretId, String workspaceId, String useId, String destination,
                               ErrorCode reason, Actor actor) {
}
