package io.secretledger.query.template;

import io.secretledger.api.template.FieldDefinition;
import io.secretledger.api.template.TemplateView;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

@Document("templates")
record TemplateDocument(@Id String id, String workspaceId, String name, String description,
                        List<FieldDefinition> fields, Instant createdAt, String createdBy) {

    TemplateView toView() {
        return new TemplateView(id, workspaceId, name, description, fields, createdAt, createdBy);
    }
}
