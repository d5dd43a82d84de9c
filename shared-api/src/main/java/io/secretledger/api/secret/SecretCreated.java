package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;
import io.secretledger.api.template.FieldDefinition;

import java.time.Instant;
import java.util.List;

/** {@code layout} is the template's fields as they were when the secret was created. */
public record SecretCreated(String secretId, String workspaceId, String templateId, String name,
                            String description, Visibility visibility, Instant expiresAt,
                            List<FieldDefinition> layout, List<FieldValue> values, Actor actor) {
}
