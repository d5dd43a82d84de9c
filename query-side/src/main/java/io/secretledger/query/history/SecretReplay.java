package io.secretledger.query.history;

import io.secretledger.api.common.Actor;
import io.secretledger.api.secret.FieldValue;
import io.secretledger.api.secret.FieldView;
import io.secretledger.api.secret.FindSecretAsOf;
import io.secretledger.api.secret.SecretActivated;
import io.secretledger.api.secret.SecretAsOf;
import io.secretledger.api.secret.SecretCreated;
import io.secretledger.api.secret.SecretDeactivated;
import io.secretledger.api.secret.SecretDeleted;
import io.secretledger.api.secret.SecretEdited;
import io.secretledger.api.secret.SecretExpirationChanged;
import io.secretledger.api.secret.SecretExpired;
import io.secretledger.api.secret.SecretFieldRolledBack;
import io.secretledger.api.secret.SecretFileAttached;
import io.secretledger.api.secret.SecretRestored;
import io.secretledger.api.integration.SecretKeyUsed;
import io.secretledger.api.integration.SecretUseAuthorized;
import io.secretledger.api.integration.SecretUseRefused;
import io.secretledger.api.integration.SecretUsed;
import io.secretledger.api.secret.SecretRevealRefused;
import io.secretledger.api.secret.SecretRevealed;
import io.secretledger.api.secret.SecretView;
import io.secretledger.api.secret.Visibility;
import io.secretledger.api.template.FieldDefinition;
import io.secretledger.query.secret.SecretReadAccess;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A secret as it was at an instant, folded from its own events up to that instant, not read from today's
 * projection: what an auditor asks. Sensitive values stay masked; only whether a field held one, and its version.
 */
@Component
class SecretReplay {

    private final EventStore eventStore;
    private final SecretReadAccess readAccess;

    SecretReplay(EventStore eventStore, SecretReadAccess readAccess) {
        this.eventStore = eventStore;
        this.readAccess = readAccess;
    }

    @QueryHandler
    SecretAsOf handle(FindSecretAsOf query) {
        if (!readAccess.canView(query.workspaceId(), query.viewerId(), query.secretId())) {
            return null;
        }
        List<? extends DomainEventMessage<?>> events = eventStore.readEvents(query.secretId(), 0L).asStream().toList();
        if (events.isEmpty() || !(events.get(0).getPayload() instanceof SecretCreated created)
                || !created.workspaceId().equals(query.workspaceId())) {
            return null;
        }
        if (events.get(0).getTimestamp().isAfter(query.at())) {
            return new SecretAsOf(null, events.get(0).getTimestamp());
        }
        State state = new State(created, events.get(0));
        for (DomainEventMessage<?> event : events.subList(1, events.size())) {
            if (event.getTimestamp().isAfter(query.at())) {
                break;
            }
            state.apply(event);
        }
        return new SecretAsOf(state.view(), events.get(0).getTimestamp());
    }

    /** The secret's state while its events are folded. */
    private static final class State {

        private final SecretCreated created;
        private final Map<String, FieldView> fields = new LinkedHashMap<>();
        private final Instant createdAt;
        private String description;
        private boolean active = true;
        private Instant expiresAt;
        private boolean expired;
        private boolean deleted;
        private long version;
        private long reveals;
        private Instant updatedAt;
        private String updatedBy;

        State(SecretCreated created, DomainEventMessage<?> event) {
            this.created = created;
            this.createdAt = event.getTimestamp();
            this.description = created.description();
            this.expiresAt = created.expiresAt();
            for (FieldDefinition field : created.layout()) {
                fields.put(field.key(), new FieldView(field.key(), field.label(), field.type(), field.sensitive(),
                        false, null, 0));
            }
            created.values().forEach(this::set);
            changed(event, created.actor());
        }

        void apply(DomainEventMessage<?> event) {
            Object payload = event.getPayload();
            if (payload instanceof SecretEdited edited) {
                if (edited.description() != null) {
                    description = edited.description();
                }
                edited.values().forEach(this::set);
            } else if (payload instanceof SecretFieldRolledBack rolledBack) {
                set(rolledBack.value());
            } else if (payload instanceof SecretFileAttached attached) {
                FieldView field = fields.get(attached.file().key());
                if (field != null) {
                    fields.put(field.key(), new FieldView(field.key(), field.label(), field.type(), false, false,
                            attached.file().fileName(), attached.file().version()));
                }
            } else if (payload instanceof SecretActivated) {
                active = true;
            } else if (payload instanceof SecretDeactivated) {
                active = false;
            } else if (payload instanceof SecretExpirationChanged change) {
                expiresAt = change.expiresAt();
                expired = false;
            } else if (payload instanceof SecretExpired) {
                expired = true;
            } else if (payload instanceof SecretDeleted) {
                deleted = true;
            } else if (payload instanceof SecretRestored) {
                deleted = false;
            }
            if (payload instanceof SecretRevealed) {
                reveals++;
                version = event.getSequenceNumber();
            } else if (payload instanceof SecretExpired || payload instanceof SecretRevealRefused
                    || payload instanceof SecretUseAuthorized || payload instanceof SecretUseRefused
                    || payload instanceof SecretUsed || payload instanceof SecretKeyUsed) {
                version = event.getSequenceNumber();
            } else {
                changed(event, actorOf(payload));
            }
        }

        private void set(FieldValue value) {
            FieldView field = fields.get(value.key());
            if (field == null) {
                return;
            }
            boolean ciphertext = value.holdsCiphertext();
            fields.put(field.key(), new FieldView(field.key(), field.label(), field.type(), field.sensitive(),
                    ciphertext, ciphertext ? null : value.text(), value.version()));
        }

        private void changed(DomainEventMessage<?> event, Actor actor) {
            version = event.getSequenceNumber();
            updatedAt = event.getTimestamp();
            if (actor != null) {
                updatedBy = actor.displayName();
            }
        }

        SecretView view() {
            return new SecretView(created.secretId(), created.workspaceId(), created.templateId(), created.name(),
                    description, created.visibility() == null ? Visibility.MASKED : created.visibility(), active,
                    expiresAt, version, List.copyOf(fields.values()), createdAt, created.actor().displayName(),
                    updatedAt, updatedBy, reveals, expired, deleted);
        }

        private static Actor actorOf(Object payload) {
            for (RecordComponent component : payload.getClass().getRecordComponents()) {
                if (component.getName().equals("actor")) {
                    try {
                        return (Actor) component.getAccessor().invoke(payload);
                    } catch (ReflectiveOperationException e) {
                        return null;
                    }
                }
            }
            return null;
        }
    }
}
