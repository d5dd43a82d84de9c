package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;

/** {@code value} is the new version, holding what version {@code fromVersion} held (re-encrypted). */
public record SecretFieldRolledBack(String secretId, String workspaceId, FieldValue value, int fromVersion,
                                    Actor actor) {
}
