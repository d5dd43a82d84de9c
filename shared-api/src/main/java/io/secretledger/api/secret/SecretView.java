package io.secretledger.api.secret;

import java.time.Instant;
import java.util.List;

/** A secret as the read model keeps it: never a sensitive value, in any form. */
public record SecretView(String id, String workspaceId, String templateId, String name, String description,
                         Visibility visibility, boolean active, Instant expiresAt, long version,
                         List<FieldView> fields, Instant createdAt, String createdBy, Instant updatedAt,
                         String updatedBy, long revealCount, boolean expired, boolean deleted) {
}
