package io.secretledger.query.history;

import io.secretledger.api.access.AccessRulesChanged;
import io.secretledger.api.access.AssignmentChanged;
import io.secretledger.api.access.RelatedContactsChanged;
import io.secretledger.api.access.RelatedTicketsChanged;
import io.secretledger.api.secret.FieldValue;
import io.secretledger.api.secret.FindSecretHistory;
import io.secretledger.api.secret.HistoryEntry;
import io.secretledger.api.secret.HistoryEntry.FieldChange;
import io.secretledger.api.secret.HistoryPage;
import io.secretledger.api.common.Actor;
import io.secretledger.api.secret.FieldVersions;
import io.secretledger.api.secret.FindFieldVersions;
import io.secretledger.api.secret.FileRef;
import io.secretledger.api.secret.SecretActivated;
import io.secretledger.api.secret.SecretFileAttached;
import io.secretledger.api.secret.SecretFileDownloaded;
import io.secretledger.api.secret.SecretCreated;
import io.secretledger.api.secret.SecretDeactivated;
import io.secretledger.api.secret.SecretDeleted;
import io.secretledger.api.secret.SecretExpirationChanged;
import io.secretledger.api.secret.SecretExpired;
import io.secretledger.api.secret.SecretFieldRolledBack;
import io.secretledger.api.secret.SecretPurged;
import io.secretledger.api.secret.SecretRestored;
import io.secretledger.api.secret.SecretEdited;
import io.secretledger.api.integration.SecretKeyUsed;
import io.secretledger.api.integration.SecretUseAuthorized;
import io.secretledger.api.integration.SecretUseRefused;
import io.secretledger.api.integration.SecretUsed;
import io.secretledger.api.integration.UsedField;
import io.secretledger.api.secret.SecretRevealRefused;
import io.secretledger.api.secret.SecretRevealed;
import io.secretledger.api.template.FieldDefinition;
import io.secretledger.query.secret.SecretReadAccess;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A secret's change history, read from the event store itself rather than a projection, so it is always
 * complete and in step with what happened. Sensitive values appear as "changed", never as data.
 */
@Component
class SecretHistory {

    private final EventStore eventStore;
    private final SecretReadAccess readAccess;

    SecretHistory(EventStore eventStore, SecretReadAccess readAccess) {
        this.eventStore = eventStore;
        this.readAccess = readAccess;
    }

    @QueryHandler
    HistoryPage handle(FindSecretHistory query) {
        List<? extends DomainEventMessage<?>> events = visibleEvents(query.workspaceId(), query.viewerId(),
                query.secretId());
        if (events.isEmpty()) {
            return null;
        }
        SecretCreated created = (SecretCreated) events.get(0).getPayload();
        Map<String, FieldDefinition> layout = new HashMap<>();
        created.layout().forEach(field -> layout.put(field.key(), field));
        List<HistoryEntry> entries = new ArrayList<>();
        for (DomainEventMessage<?> event : events) {
            HistoryEntry entry = describe(event, layout);
            if (entry != null) {
                entries.add(entry);
            }
        }
        Comparator<HistoryEntry> order = Comparator.comparingLong(HistoryEntry::sequence);
        if (query.newestFirst()) {
            order = order.reversed();
        }
        List<HistoryEntry> page = entries.stream().sorted(order)
                .filter(entry -> query.afterSequence() == null || (query.newestFirst()
                        ? entry.sequence() < query.afterSequence() : entry.sequence() > query.afterSequence()))
                .limit(query.limit() + 1L)
                .toList();
        boolean hasNext = page.size() > query.limit();
        return new HistoryPage(hasNext ? page.subList(0, query.limit()) : page, hasNext);
    }

    @QueryHandler
    FieldVersions handle(FindFieldVersions query) {
        List<? extends DomainEventMessage<?>> events = visibleEvents(query.workspaceId(), query.viewerId(),
                query.secretId());
        if (events.isEmpty()) {
            return null;
        }
        SecretCreated created = (SecretCreated) events.get(0).getPayload();
        boolean sensitive = created.layout().stream()
                .anyMatch(field -> field.key().equals(query.fieldKey()) && field.sensitive());
        List<FieldVersions.Version> versions = new ArrayList<>();
        for (DomainEventMessage<?> event : events) {
            Object payload = event.getPayload();
            List<FieldValue> values = payload instanceof SecretCreated c ? c.values()
                    : payload instanceof SecretEdited e ? e.values()
                    : payload instanceof SecretFieldRolledBack r ? List.of(r.value()) : List.of();
            Actor actor = payload instanceof SecretCreated c ? c.actor()
                    : payload instanceof SecretEdited e ? e.actor()
                    : payload instanceof SecretFieldRolledBack r ? r.actor() : null;
            for (FieldValue value : values) {
                if (value.key().equals(query.fieldKey())) {
                    boolean empty = value.text() == null && value.encrypted() == null;
                    Integer from = payload instanceof SecretFieldRolledBack r ? r.fromVersion() : null;
                    String change = from != null ? "rolled back" : empty ? "cleared"
                            : payload instanceof SecretCreated ? "set" : "changed";
                    versions.add(new FieldVersions.Version(value.version(), event.getTimestamp(), actor, change, from,
                            sensitive ? null : value.text(), false));
                }
            }
        }
        Collections.reverse(versions);
        if (!versions.isEmpty()) {
            FieldVersions.Version newest = versions.get(0);
            versions.set(0, new FieldVersions.Version(newest.version(), newest.at(), newest.actor(), newest.change(),
                    newest.fromVersion(), newest.value(), true));
        }
        return new FieldVersions(versions);
    }

    /** The secret's events if the viewer may see it and it belongs to the workspace, else none. */
    private List<? extends DomainEventMessage<?>> visibleEvents(String workspaceId, String viewerId, String secretId) {
        if (!readAccess.canView(workspaceId, viewerId, secretId)) {
            return List.of();
        }
        List<? extends DomainEventMessage<?>> events = eventStore.readEvents(secretId, 0L).asStream().toList();
        boolean ours = !events.isEmpty() && events.get(0).getPayload() instanceof SecretCreated created
                && created.workspaceId().equals(workspaceId);
        return ours ? events : List.of();
    }

    private static HistoryEntry describe(DomainEventMessage<?> event, Map<String, FieldDefinition> layout) {
        Object payload = event.getPayload();
        HistoryEntry lifecycle = lifecycle(event, layout);
        if (lifecycle != null) {
            return lifecycle;
        }
        if (payload instanceof SecretCreated created) {
            return new HistoryEntry(event.getSequenceNumber(), "CREATED", event.getTimestamp(), created.actor(),
                    "Created " + created.name() + " (" + created.visibility() + ")",
                    changes(created.values(), layout, "set"));
        }
        if (payload instanceof SecretEdited edited) {
            List<FieldChange> changes = new ArrayList<>(changes(edited.values(), layout, "changed"));
            if (edited.description() != null) {
                changes.add(0, new FieldChange("description", "changed", edited.description()));
            }
            return new HistoryEntry(event.getSequenceNumber(), "EDITED", event.getTimestamp(), edited.actor(),
                    "Edited " + changes.size() + " field(s)", changes);
        }
        if (payload instanceof SecretRevealed revealed) {
            String ticket = revealed.ticketId() == null ? "" : " on ticket " + revealed.ticketId();
            return new HistoryEntry(event.getSequenceNumber(), "REVEALED", event.getTimestamp(), revealed.actor(),
                    "Revealed " + label(layout, revealed.fieldKey()) + " (version " + revealed.fieldVersion()
                            + ") via " + revealed.grant() + ticket
                            + (revealed.expiredConfirmed() ? ", after it had expired (confirmed)" : ""),
                    List.of(new FieldChange(revealed.fieldKey(), "revealed", null)));
        }
        if (payload instanceof SecretRevealRefused refused) {
            String ticket = refused.ticketId() == null ? "" : " on ticket " + refused.ticketId();
            return new HistoryEntry(event.getSequenceNumber(), "REVEAL_REFUSED", event.getTimestamp(), refused.actor(),
                    "Refused to reveal " + label(layout, refused.fieldKey()) + ticket + " (" + refused.reason() + ")",
                    List.of(new FieldChange(refused.fieldKey(), "refused", null)));
        }
        if (payload instanceof SecretUseAuthorized authorized) {
            return new HistoryEntry(event.getSequenceNumber(), "USE_AUTHORIZED", event.getTimestamp(),
                    authorized.actor(), "Authorized " + authorized.method() + " " + authorized.destination() + " with "
                            + usedFields(layout, authorized.fields()),
                    authorized.fields().stream().map(field -> new FieldChange(field.fieldKey(), "used", null)).toList());
        }
        if (payload instanceof SecretUsed used) {
            return new HistoryEntry(event.getSequenceNumber(), "USED", event.getTimestamp(), used.actor(),
                    "Used in " + used.method() + " " + used.destination() + ": " + used.status() + " "
                            + used.outcome(), List.of());
        }
        if (payload instanceof SecretKeyUsed used) {
            return new HistoryEntry(event.getSequenceNumber(), "KEY_USED", event.getTimestamp(), used.actor(),
                    "Used " + label(layout, used.fieldKey()) + " (version " + used.version() + ") to "
                            + used.operation(), List.of(new FieldChange(used.fieldKey(), "used", null)));
        }
        if (payload instanceof SecretUseRefused refused) {
            return new HistoryEntry(event.getSequenceNumber(), "USE_REFUSED", event.getTimestamp(), refused.actor(),
                    "Refused a call to " + refused.destination() + " (" + refused.reason() + ")", List.of());
        }
        if (payload instanceof AssignmentChanged assigned) {
            return new HistoryEntry(event.getSequenceNumber(), "ACCESS_CHANGED", event.getTimestamp(), assigned.actor(),
                    "Assigned " + assigned.assignedMemberIds().size() + " member(s)",
                    List.of(new FieldChange("assignments", "changed", String.join(", ",
                            assigned.assignedMemberIds().stream().sorted().toList()))));
        }
        if (payload instanceof AccessRulesChanged rules) {
            return new HistoryEntry(event.getSequenceNumber(), "ACCESS_CHANGED", event.getTimestamp(), rules.actor(),
                    "Set " + rules.rules().size() + " access rule(s)",
                    rules.rules().stream().map(rule -> new FieldChange("rule:" + rule.id(), "set",
                            rule.type() + (rule.pattern() == null ? "" : " " + rule.pattern()))).toList());
        }
        if (payload instanceof RelatedTicketsChanged tickets) {
            return new HistoryEntry(event.getSequenceNumber(), "RELATIONS_CHANGED", event.getTimestamp(),
                    tickets.actor(), "Related to " + tickets.relatedTicketIds().size() + " ticket(s)",
                    List.of(new FieldChange("relatedTickets", "changed",
                            String.join(", ", tickets.relatedTicketIds().stream().sorted().toList()))));
        }
        if (payload instanceof RelatedContactsChanged contacts) {
            return new HistoryEntry(event.getSequenceNumber(), "RELATIONS_CHANGED", event.getTimestamp(),
                    contacts.actor(), "Related to " + contacts.relatedContactIds().size() + " contact(s)",
                    List.of(new FieldChange("relatedContacts", "changed",
                            String.join(", ", contacts.relatedContactIds().stream().sorted().toList()))));
        }
        return null;
    }

    /** Rollbacks and the changes of state: active, expiry, deletion. */
    private static HistoryEntry lifecycle(DomainEventMessage<?> event, Map<String, FieldDefinition> layout) {
        long sequence = event.getSequenceNumber();
        Instant at = event.getTimestamp();
        Object payload = event.getPayload();
        if (payload instanceof SecretFieldRolledBack rolledBack) {
            FieldValue value = rolledBack.value();
            return new HistoryEntry(sequence, "ROLLED_BACK", at, rolledBack.actor(),
                    "Rolled " + label(layout, value.key()) + " back to version " + rolledBack.fromVersion()
                            + " (now version " + value.version() + ")",
                    changes(List.of(value), layout, "rolled back"));
        }
        if (payload instanceof SecretFileAttached attached) {
            FileRef file = attached.file();
            return new HistoryEntry(sequence, "FILE_ATTACHED", at, attached.actor(),
                    "Attached " + file.fileName() + " (" + file.contentType() + ", " + file.size() + " bytes) to "
                            + label(layout, file.key()),
                    List.of(new FieldChange(file.key(), "attached", file.fileName())));
        }
        if (payload instanceof SecretFileDownloaded downloaded) {
            String ticket = downloaded.ticketId() == null ? "" : " on ticket " + downloaded.ticketId();
            return new HistoryEntry(sequence, "FILE_DOWNLOADED", at, downloaded.actor(),
                    "Downloaded " + label(layout, downloaded.fieldKey()) + " (version " + downloaded.fileVersion()
                            + ") via " + downloaded.grant() + ticket,
                    List.of(new FieldChange(downloaded.fieldKey(), "downloaded", null)));
        }
        if (payload instanceof SecretActivated activated) {
            return new HistoryEntry(sequence, "ACTIVATED", at, activated.actor(), "Activated", List.of());
        }
        if (payload instanceof SecretDeactivated deactivated) {
            return new HistoryEntry(sequence, "DEACTIVATED", at, deactivated.actor(), "Deactivated", List.of());
        }
        if (payload instanceof SecretExpirationChanged changed) {
            String when = changed.expiresAt() == null ? "never" : changed.expiresAt().toString();
            return new HistoryEntry(sequence, "EXPIRATION_CHANGED", at, changed.actor(), "Expires " + when,
                    List.of(new FieldChange("expiresAt", "changed", changed.expiresAt() == null ? null : when)));
        }
        if (payload instanceof SecretExpired expired) {
            return new HistoryEntry(sequence, "EXPIRED", at, expired.actor(), "Expired", List.of());
        }
        if (payload instanceof SecretDeleted deleted) {
            return new HistoryEntry(sequence, "DELETED", at, deleted.actor(), "Deleted (restorable)", List.of());
        }
        if (payload instanceof SecretRestored restored) {
            return new HistoryEntry(sequence, "RESTORED", at, restored.actor(), "Restored", List.of());
        }
        if (payload instanceof SecretPurged purged) {
            return new HistoryEntry(sequence, "PURGED", at, purged.actor(), "Permanently deleted", List.of());
        }
        return null;
    }

    private static List<FieldChange> changes(List<FieldValue> values, Map<String, FieldDefinition> layout,
                                             String verb) {
        return values.stream().map(value -> {
            boolean sensitive = value.holdsCiphertext() || isSensitive(layout, value.key());
            String change = value.text() == null && value.encrypted() == null ? "cleared" : verb;
            return new FieldChange(value.key(), change, sensitive ? null : value.text());
        }).toList();
    }

    private static boolean isSensitive(Map<String, FieldDefinition> layout, String key) {
        FieldDefinition field = layout.get(key);
        return field != null && field.sensitive();
    }

    private static String label(Map<String, FieldDefinition> layout, String key) {
        FieldDefinition field = layout.get(key);
        return field == null ? key : field.label();
    }

    private static String usedFields(Map<String, FieldDefinition> layout, List<UsedField> fields) {
        return String.join(", ", fields.stream().map(field -> label(layout, field.fieldKey()) + " (version "
                + field.version() + ")").toList());
    }
}
