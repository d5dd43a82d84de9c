package io.secretledger.command.webhook;

import io.secretledger.api.access.AccessRulesChanged;
import io.secretledger.api.access.AssignmentChanged;
import io.secretledger.api.common.Actor;
import io.secretledger.api.integration.EgressAllowlistChanged;
import io.secretledger.api.integration.IntegrationDeleted;
import io.secretledger.api.integration.IntegrationSaved;
import io.secretledger.api.secret.SecretActivated;
import io.secretledger.api.secret.SecretCreated;
import io.secretledger.api.secret.SecretDeactivated;
import io.secretledger.api.secret.SecretDeleted;
import io.secretledger.api.secret.SecretEdited;
import io.secretledger.api.secret.SecretExpirationChanged;
import io.secretledger.api.secret.SecretFieldRolledBack;
import io.secretledger.api.secret.SecretPurged;
import io.secretledger.api.secret.SecretRestored;
import io.secretledger.api.template.TemplateArchived;
import io.secretledger.api.template.TemplateCreated;
import io.secretledger.api.webhook.WebhookEventType;
import io.secretledger.api.workspace.MemberAdded;
import io.secretledger.api.workspace.MemberPermissionsChanged;
import io.secretledger.api.workspace.MemberRemoved;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Map.entry;

/**
 * Which events are changes a webhook can follow, and what a receiver is told of one: its type, the event's id, the
 * workspace, what changed (kind, id, the aggregate's version after it), who changed it and when. Only those are
 * read from an event, by name, so that no field value, name, note or rule can reach a body.
 */
final class WebhookEvents {

    /** What a change is about; {@code subject} reads its id where it is not the event's own aggregate. */
    record Kind(WebhookEventType type, String subjectKind, Function<Object, String> subject) {
    }

    /** A change as it is dispatched. */
    record Change(String workspaceId, String type, String body) {
    }

    private static final Map<Class<?>, Kind> KINDS = Map.ofEntries(
            secret(SecretCreated.class, WebhookEventType.SECRET_CREATED),
            secret(SecretEdited.class, WebhookEventType.SECRET_EDITED),
            secret(SecretExpirationChanged.class, WebhookEventType.SECRET_EXPIRATION_CHANGED),
            secret(SecretActivated.class, WebhookEventType.SECRET_ACTIVATED),
            secret(SecretDeactivated.class, WebhookEventType.SECRET_DEACTIVATED),
            secret(AccessRulesChanged.class, WebhookEventType.SECRET_ACCESS_CHANGED),
            secret(AssignmentChanged.class, WebhookEventType.SECRET_ACCESS_CHANGED),
            secret(SecretFieldRolledBack.class, WebhookEventType.SECRET_ROLLED_BACK),
            secret(SecretDeleted.class, WebhookEventType.SECRET_DELETED),
            secret(SecretRestored.class, WebhookEventType.SECRET_RESTORED),
            secret(SecretPurged.class, WebhookEventType.SECRET_PURGED),
            entry(TemplateCreated.class, new Kind(WebhookEventType.TEMPLATE_CREATED, "template", null)),
            entry(TemplateArchived.class, new Kind(WebhookEventType.TEMPLATE_ARCHIVED, "template", null)),
            entry(MemberAdded.class, new Kind(WebhookEventType.MEMBER_ADDED, "member",
                    event -> ((MemberAdded) event).memberId())),
            entry(MemberRemoved.class, new Kind(WebhookEventType.MEMBER_REMOVED, "member",
                    event -> ((MemberRemoved) event).memberId())),
            entry(MemberPermissionsChanged.class, new Kind(WebhookEventType.MEMBER_PERMISSIONS_CHANGED, "member",
                    event -> ((MemberPermissionsChanged) event).memberId())),
            entry(IntegrationSaved.class, new Kind(WebhookEventType.INTEGRATION_SAVED, "integration", null)),
            entry(IntegrationDeleted.class, new Kind(WebhookEventType.INTEGRATION_DELETED, "integration", null)),
            entry(EgressAllowlistChanged.class, new Kind(WebhookEventType.EGRESS_ALLOWLIST_CHANGED, "workspace",
                    null)));

    private WebhookEvents() {
    }

    private static Map.Entry<Class<?>, Kind> secret(Class<?> type, WebhookEventType eventType) {
        return entry(type, new Kind(eventType, "secret", null));
    }

    static Map<Class<?>, Kind> kinds() {
        return KINDS;
    }

    static Optional<Change> describe(EventMessage<?> message) {
        Object payload = message.getPayload();
        Kind kind = payload == null ? null : KINDS.get(payload.getClass());
        if (kind == null) {
            return Optional.empty();
        }
        String workspaceId = (String) component(payload, "workspaceId");
        Actor actor = (Actor) component(payload, "actor");
        String subjectId = null;
        Long version = null;
        if (message instanceof DomainEventMessage<?> domain) {
            subjectId = domain.getAggregateIdentifier();
            version = domain.getSequenceNumber();
        }
        if (kind.subject() != null) {
            subjectId = kind.subject().apply(payload);
        }
        Instant at = message.getTimestamp();
        StringBuilder body = new StringBuilder(320).append('{');
        field(body, "type", kind.type().wireName()).append(',');
        field(body, "timestamp", at.toString()).append(",\"data\":{");
        field(body, "eventId", message.getIdentifier()).append(',');
        field(body, "workspaceId", workspaceId).append(',');
        field(body, "subjectType", kind.subjectKind()).append(',');
        field(body, "subjectId", subjectId).append(",\"version\":").append(version).append(",\"actor\":");
        if (actor == null) {
            body.append("null");
        } else {
            body.append('{');
            field(body, "type", actor.type() == null ? null : actor.type().name()).append(',');
            field(body, "id", actor.id()).append(',');
            field(body, "displayName", actor.displayName()).append('}');
        }
        body.append("}}");
        return Optional.of(new Change(workspaceId, kind.type().wireName(), body.toString()));
    }

    private static Object component(Object record, String name) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            if (component.getName().equals(name)) {
                try {
                    return component.getAccessor().invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("unreadable " + name + " of " + record.getClass().getSimpleName());
                }
            }
        }
        return null;
    }

    private static StringBuilder field(StringBuilder body, String name, String value) {
        body.append('"').append(name).append("\":");
        if (value == null) {
            return body.append("null");
        }
        body.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> body.append("\\\"");
                case '\\' -> body.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        body.append(String.format("\\u%04x", (int) c));
                    } else {
                        body.append(c);
                    }
                }
            }
        }
        return body.append('"');
    }
}
