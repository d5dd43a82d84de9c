package io.secretledger.api.template;

import java.time.Instant;
import java.util.List;

/** {@code version} is the sequence number of the template's last event. */
public record TemplateView(String id, String workspaceId, String name, String description,
                           List<FieldDefinition> fields, boolean archived, long version, Instant createdAt,
                           String createdBy, Instant updatedAt, String updatedBy) {
}
