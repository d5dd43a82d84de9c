package io.secretledger.query.template;

import io.secretledger.api.template.FieldDefinition;
import io.secretledger.api.template.TemplateView;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/** The read model of a template; {@code version} is the sequence number of the last event applied. */
@Document("templates")
record TemplateDocument(@Id String id, String workspaceId, String name, String description,
                        List<FieldDefinition> fields, boolean archived, long version, Instant createdAt,
                        String createdBy, Instant updatedAt, String updatedBy) {

    TemplateView toView() {
        return new TemplateView(id, workspaceId, name, description, fields, archived, version, createdAt, createdBy,
                updatedAt == null ? createdAt : updatedAt, updatedBy == null ? createdBy : updatedBy);
    }
}
