package io.secretledger.query.secret;

import io.secretledger.api.access.AccessRule;
import io.secretledger.api.secret.FieldView;
import io.secretledger.api.secret.SecretView;
import io.secretledger.api.secret.Visibility;
import io.secretledger.api.template.FieldType;
import io.secretledger.policy.SecretAccess;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The read model of one secret. {@code version} is the sequence number of the last event applied, which
 * makes every handler idempotent: an event at or below it was applied already. Sensitive values are held
 * only as "masked", never in any form. Who reaches the secret (assignments, rules, related tickets and
 * contacts) is kept so that queries decide with the same policy as commands.
 */
@Document(SecretDocument.COLLECTION)
record SecretDocument(@Id String id, String workspaceId, String templateId, String name, String description,
                      Visibility visibility, boolean active, Instant expiresAt, long version,
                      List<Field> fields, Map<String, Value> values, Instant createdAt, String createdBy,
                      Instant updatedAt, String updatedBy, long revealCount, Set<String> assignedMemberIds,
                      List<AccessRule> rules, Set<String> relatedTicketIds, Set<String> relatedContactIds,
                      boolean expired, boolean deleted) {

    static final String COLLECTION = "secrets";

    record Field(String key, String label, FieldType type, boolean sensitive) {
    }

    /** {@code text} is null for a sensitive field; {@code masked} says whether it holds a value. */
    record Value(String text, boolean masked, int version) {
    }

    SecretAccess access() {
        return new SecretAccess(orEmpty(assignedMemberIds), rules == null ? List.of() : rules,
                orEmpty(relatedTicketIds), orEmpty(relatedContactIds));
    }

    private static Set<String> orEmpty(Set<String> ids) {
        return ids == null ? Set.of() : ids;
    }

    SecretView toView() {
        List<FieldView> views = fields.stream().map(field -> {
            Value value = values == null ? null : values.get(field.key());
            return new FieldView(field.key(), field.label(), field.type(), field.sensitive(),
                    value != null && value.masked(), value == null ? null : value.text(),
                    value == null ? 0 : value.version());
        }).toList();
        return new SecretView(id, workspaceId, templateId, name, description, visibility, active, expiresAt, version,
                views, createdAt, createdBy, updatedAt, updatedBy, revealCount, expired, deleted);
    }
}
