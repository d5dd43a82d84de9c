package io.secretledger.api.integration;

import io.secretledger.api.common.Actor;

/** A secret's field served as an encryption key: {@code operation} is {@code encrypt} or {@code decrypt}. */
public record SecretKeyUsed(String secretId, String workspaceId, String fieldKey, int version, String operation,
                            Actor actor) {
}
