package io.secretledger.api.template;

import java.time.Instant;
import java.util.List;

public record TemplateView(String id, String workspaceId, String name, String description,
                           List<FieldDefinition> fields, Instant createdAt, String createdBy) {
}
