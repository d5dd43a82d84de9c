package io.secretledger.api.integration;

import io.secretledger.api.common.Actor;

import java.util.List;

/** A call carrying the secret's fields was made: who, which fields and versions, where, and the status. */
public record SecretUsed(String secretId, String workspaceId, String useId, List<UsedField> fields, String method,
                         String destination, int status, String outcome, Actor actor) {
}
