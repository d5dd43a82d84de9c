package io.secretledger.command.secret;

import io.secretledger.api.access.AccessDecision;
import io.secretledger.api.access.AccessRulesChanged;
import io.secretledger.api.access.AssignmentChanged;
import io.secretledger.api.access.ChangeSecretAccess;
import io.secretledger.api.access.ChangeSecretRelations;
import io.secretledger.api.access.RelatedContactsChanged;
import io.secretledger.api.access.RelatedTicketsChanged;
import io.secretledger.api.access.ExplainAccess;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.secret.CreateSecret;
import io.secretledger.api.secret.EditSecret;
import io.secretledger.api.secret.FieldInput;
import io.secretledger.api.secret.FieldValue;
import io.secretledger.api.secret.RevealSecretField;
import io.secretledger.api.secret.RevealedValue;
import io.secretledger.api.secret.SecretCreated;
import io.secretledger.api.secret.SecretEdited;
import io.secretledger.api.secret.SecretRevealed;
import io.secretledger.api.secret.Visibility;
import io.secretledger.api.template.FieldDefinition;
import io.secretledger.policy.AccessPolicy;
import io.secretledger.command.access.AccessRules;
import io.secretledger.policy.SecretAccess;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.common.Violations;
import io.secretledger.command.crypto.AssociatedData;
import io.secretledger.command.crypto.FieldCipher;
import io.secretledger.command.template.TemplateCatalog;
import io.secretledger.command.ticket.TicketDirectory;
import io.secretledger.policy.TicketState;
import io.secretledger.command.template.TemplateDefinition;
import io.secretledger.command.workspace.WorkspaceDirectory;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.conflictresolution.ConflictResolver;
import org.axonframework.eventsourcing.conflictresolution.Conflicts;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A client secret: its layout, its current values (sensitive ones only as ciphertext) and the rules for
 * changing and revealing them.
 */
@Aggregate(cache = "aggregateCache")
public class Secret {

    static final int MAX_RELATED = 200;

    @AggregateIdentifier
    private String secretId;
    private String workspaceId;
    private Visibility visibility;
    private final Map<String, FieldDefinition> fields = new LinkedHashMap<>();
    private final Map<String, FieldValue> values = new HashMap<>();
    private SecretAccess access = SecretAccess.none();
    private long version;

    protected Secret() {
    }

    @CommandHandler
    public Secret(CreateSecret command, WorkspaceDirectory directory, TemplateCatalog templates, FieldCipher cipher) {
        if (!AccessPolicy.holdsModifyAll(directory.member(command.workspaceId(), command.actor().id()))) {
            throw DomainException.forbidden("Creating secrets needs the MODIFY_ALL or ACCOUNT_OWNER permission");
        }
        Violations violations = new Violations();
        SecretRules.checkName(command.name(), violations);
        SecretRules.checkDescription(command.description(), violations);
        if (command.templateId() == null || command.templateId().isBlank()) {
            violations.add("templateId", "A secret is created from a template");
        }
        violations.throwIfAny();
        TemplateDefinition template = templates.find(command.workspaceId(), command.templateId())
                .orElseThrow(() -> DomainException.notFound("templateId", "No such template in this workspace"));
        if (template.archived()) {
            throw DomainException.invalid("templateId", "This template is archived; restore it or choose another");
        }
        Map<String, FieldDefinition> layout = new LinkedHashMap<>();
        template.fields().forEach(field -> layout.put(field.key(), field));
        List<FieldInput> inputs = command.values() == null ? List.of() : command.values();
        SecretRules.checkValues(inputs, layout, true, violations);
        violations.throwIfAny();
        List<FieldValue> sealed = seal(inputs, layout, command.workspaceId(), command.secretId(), Map.of(), cipher);
        apply(new SecretCreated(command.secretId(), command.workspaceId(), command.templateId(), command.name(),
                command.description() == null ? "" : command.description().strip(),
                command.visibility() == null ? Visibility.MASKED : command.visibility(), command.expiresAt(),
                List.copyOf(template.fields()), sealed, command.actor()));
    }

    @CommandHandler
    public long handle(EditSecret command, WorkspaceDirectory directory, TicketDirectory tickets, FieldCipher cipher,
                       ConflictResolver conflicts) {
        requireSameWorkspace(command.workspaceId());
        if (!decide(directory, tickets, command.actor().id(), null).canModify()) {
            throw DomainException.forbidden("You may not change this secret");
        }
        conflicts.detectConflicts(changesContent(),
                conflict -> DomainException.conflict(conflict.actualVersion(),
                        "The secret changed since version " + conflict.expectedVersion() + "; reload it"));
        Violations violations = new Violations();
        SecretRules.checkDescription(command.description(), violations);
        List<FieldInput> inputs = command.values() == null ? List.of() : command.values();
        SecretRules.checkValues(inputs, fields, false, violations);
        violations.throwIfAny();
        List<FieldValue> changed = seal(inputs, fields, workspaceId, secretId, values, cipher);
        String description = command.description() == null ? null : command.description().strip();
        if (changed.isEmpty() && description == null) {
            return version;
        }
        apply(new SecretEdited(secretId, workspaceId, description, changed, command.actor()));
        return version;
    }

    @CommandHandler
    public RevealedValue handle(RevealSecretField command, WorkspaceDirectory directory, TicketDirectory tickets,
                                FieldCipher cipher) {
        requireSameWorkspace(command.workspaceId());
        AccessDecision decision = decide(directory, tickets, command.actor().id(), command.ticketId());
        if (!decision.canView()) {
            throw DomainException.forbidden("You may not reveal this secret");
        }
        String grant = decision.viewGrants().get(0).name();
        if (visibility == Visibility.RESTRICTED) {
            throw DomainException.forbidden("A restricted secret is never shown to a person");
        }
        FieldDefinition field = command.fieldKey() == null ? null : fields.get(command.fieldKey());
        if (field == null) {
            throw DomainException.notFound("fieldKey", "The secret has no field with this key");
        }
        if (!field.sensitive()) {
            throw DomainException.invalid("fieldKey", "This field is not sensitive; it is shown in the secret itself");
        }
        FieldValue value = values.get(field.key());
        if (value == null || value.encrypted() == null) {
            throw DomainException.notFound("fieldKey", "This field has no value");
        }
        Plaintext plaintext = cipher.decrypt(value.encrypted(),
                new AssociatedData(workspaceId, secretId, field.key(), value.version()));
        apply(new SecretRevealed(secretId, workspaceId, field.key(), value.version(), grant, command.ticketId(),
                command.actor()));
        return new RevealedValue(secretId, field.key(), value.version(), grant, plaintext);
    }

    @CommandHandler
    public long handle(ChangeSecretAccess command, WorkspaceDirectory directory) {
        requireSameWorkspace(command.workspaceId());
        if (!AccessPolicy.holdsModifyAll(directory.member(workspaceId, command.actor().id()))) {
            throw DomainException.forbidden("Managing who reaches a secret needs MODIFY_ALL or ACCOUNT_OWNER");
        }
        Violations violations = new Violations();
        if (command.assignedMemberIds() != null) {
            for (String memberId : command.assignedMemberIds()) {
                if (directory.member(workspaceId, memberId).isEmpty()) {
                    violations.add("assignedMemberIds", "No such member in this workspace");
                    break;
                }
            }
        }
        if (command.rules() != null) {
            AccessRules.check(command.rules(), violations);
        }
        violations.throwIfAny();
        if (command.assignedMemberIds() != null && !command.assignedMemberIds().equals(access.assignedMemberIds())) {
            apply(new AssignmentChanged(secretId, workspaceId, Set.copyOf(command.assignedMemberIds()),
                    command.actor()));
        }
        if (command.rules() != null && !command.rules().equals(access.rules())) {
            apply(new AccessRulesChanged(secretId, workspaceId, List.copyOf(command.rules()), command.actor()));
        }
        return version;
    }

    /** Owners and "modify all" members may ask about anyone; every member may ask about themselves. */
    @CommandHandler
    public AccessDecision handle(ExplainAccess command, WorkspaceDirectory directory, TicketDirectory tickets) {
        requireSameWorkspace(command.workspaceId());
        boolean self = command.actor().id().equals(command.memberId());
        if (!self && !AccessPolicy.holdsModifyAll(directory.member(workspaceId, command.actor().id()))) {
            throw DomainException.forbidden("Explaining another member's access needs MODIFY_ALL or ACCOUNT_OWNER");
        }
        return decide(directory, tickets, command.memberId(), command.ticketId());
    }

    @CommandHandler
    public long handle(ChangeSecretRelations command, WorkspaceDirectory directory, TicketDirectory tickets) {
        requireSameWorkspace(command.workspaceId());
        if (!AccessPolicy.holdsModifyAll(directory.member(workspaceId, command.actor().id()))) {
            throw DomainException.forbidden("Relating tickets and contacts needs MODIFY_ALL or ACCOUNT_OWNER");
        }
        Violations violations = new Violations();
        if (command.relatedTicketIds() != null) {
            if (command.relatedTicketIds().size() > MAX_RELATED) {
                violations.add("relatedTicketIds", "At most " + MAX_RELATED + " tickets");
            } else if (command.relatedTicketIds().stream().anyMatch(id -> tickets.find(workspaceId, id).isEmpty())) {
                violations.add("relatedTicketIds", "No such ticket in this workspace");
            }
        }
        if (command.relatedContactIds() != null && (command.relatedContactIds().size() > MAX_RELATED
                || command.relatedContactIds().stream().anyMatch(id -> id == null || id.isBlank() || id.length() > 100))) {
            violations.add("relatedContactIds", "At most " + MAX_RELATED + " contact ids of 1 to 100 characters");
        }
        violations.throwIfAny();
        if (command.relatedTicketIds() != null && !command.relatedTicketIds().equals(access.relatedTicketIds())) {
            apply(new RelatedTicketsChanged(secretId, workspaceId, Set.copyOf(command.relatedTicketIds()),
                    command.actor()));
        }
        if (command.relatedContactIds() != null && !command.relatedContactIds().equals(access.relatedContactIds())) {
            apply(new RelatedContactsChanged(secretId, workspaceId, Set.copyOf(command.relatedContactIds()),
                    command.actor()));
        }
        return version;
    }

    @EventSourcingHandler
    void on(RelatedTicketsChanged event, @SequenceNumber long sequence) {
        access = access.withTickets(event.relatedTicketIds());
        version = sequence;
    }

    @EventSourcingHandler
    void on(RelatedContactsChanged event, @SequenceNumber long sequence) {
        access = access.withContacts(event.relatedContactIds());
        version = sequence;
    }

    @EventSourcingHandler
    void on(AssignmentChanged event, @SequenceNumber long sequence) {
        access = access.withAssigned(event.assignedMemberIds());
        version = sequence;
    }

    @EventSourcingHandler
    void on(AccessRulesChanged event, @SequenceNumber long sequence) {
        access = access.withRules(event.rules());
        version = sequence;
    }

    @EventSourcingHandler
    void on(SecretCreated event, @SequenceNumber long sequence) {
        secretId = event.secretId();
        workspaceId = event.workspaceId();
        visibility = event.visibility();
        event.layout().forEach(field -> fields.put(field.key(), field));
        event.values().forEach(value -> values.put(value.key(), value));
        version = sequence;
    }

    @EventSourcingHandler
    void on(SecretEdited event, @SequenceNumber long sequence) {
        event.values().forEach(value -> values.put(value.key(), value));
        version = sequence;
    }

    @EventSourcingHandler
    void on(SecretRevealed event, @SequenceNumber long sequence) {
        version = sequence;
    }

    private AccessDecision decide(WorkspaceDirectory directory, TicketDirectory tickets, String memberId,
                                  String ticketId) {
        List<TicketState> linked = access.relatedTicketIds().stream()
                .map(id -> tickets.find(workspaceId, id)).flatMap(java.util.Optional::stream).toList();
        TicketState current = ticketId == null ? null : tickets.find(workspaceId, ticketId)
                .orElseThrow(() -> DomainException.notFound("ticketId", "No such ticket in this workspace"));
        return AccessPolicy.decide(secretId, memberId, directory.member(workspaceId, memberId),
                directory.settings(workspaceId).orElse(null), access, linked, current);
    }

    private void requireSameWorkspace(String callerWorkspaceId) {
        if (!workspaceId.equals(callerWorkspaceId)) {
            throw DomainException.notFound("id", "No such secret in this workspace");
        }
    }

    /** Reveals change the version but not the content, so they never make an edit conflict. */
    private static Predicate<List<DomainEventMessage<?>>> changesContent() {
        return Conflicts.payloadTypeOf(SecretEdited.class);
    }

    private static List<FieldValue> seal(List<FieldInput> inputs, Map<String, FieldDefinition> layout,
                                         String workspaceId, String secretId, Map<String, FieldValue> current,
                                         FieldCipher cipher) {
        List<FieldValue> sealed = new ArrayList<>();
        for (FieldInput input : inputs) {
            FieldDefinition field = layout.get(input.key());
            FieldValue previous = current.get(input.key());
            int version = previous == null ? 1 : previous.version() + 1;
            String text = input.value() == null ? "" : input.value().value();
            if (field.sensitive()) {
                if (input.value() == null || input.value().hasNoText()) {
                    if (previous != null) {
                        sealed.add(FieldValue.plain(input.key(), version, null));
                    }
                    continue;
                }
                sealed.add(FieldValue.sealed(input.key(), version, cipher.encrypt(input.value(),
                        new AssociatedData(workspaceId, secretId, input.key(), version))));
            } else if (previous == null || !text.equals(previous.text())) {
                sealed.add(FieldValue.plain(input.key(), version, text));
            }
        }
        return sealed;
    }
}
