package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;

import java.util.List;

/** A null description means it did not change. {@code values} holds only the fields that changed. */
public record SecretEdited(String secretId, String workspaceId, String description, List<FieldValue> values,
                           Actor actor) {
}
