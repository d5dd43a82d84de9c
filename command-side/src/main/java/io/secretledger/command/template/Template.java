package io.secretledger.command.template;

import io.secretledger.api.template.AddTemplateField;
import io.secretledger.api.template.ArchiveTemplate;
import io.secretledger.api.template.ChangeTemplateDetails;
import io.secretledger.api.template.ChangeTemplateField;
import io.secretledger.api.template.CreateTemplate;
import io.secretledger.api.template.FieldDefinition;
import io.secretledger.api.template.RemoveTemplateField;
import io.secretledger.api.template.ReorderTemplateFields;
import io.secretledger.api.template.TemplateArchived;
import io.secretledger.api.template.TemplateCreated;
import io.secretledger.api.template.TemplateDescribed;
import io.secretledger.api.template.TemplateFieldAdded;
import io.secretledger.api.template.TemplateFieldChanged;
import io.secretledger.api.template.TemplateFieldRemoved;
import io.secretledger.api.template.TemplateFieldsReordered;
import io.secretledger.api.template.TemplateRenamed;
import io.secretledger.api.template.TemplateRestored;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.common.Violations;
import io.secretledger.command.workspace.WorkspaceDirectory;
import io.secretledger.policy.AccessPolicy;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The field layout secrets are created from. Editing it changes what new secrets look like; every secret
 * keeps the layout it was created with, so no edit drops or reinterprets a stored value (docs/adr/0008).
 * A field's key and type never change, and the key of a removed field is never used again.
 */
@Aggregate(cache = "aggregateCache", lockFactory = "templateLocks")
public class Template {

    @AggregateIdentifier
    private String templateId;
    private String workspaceId;
    private String name;
    private String description;
    private final List<FieldDefinition> fields = new ArrayList<>();
    private final Set<String> removedKeys = new HashSet<>();
    private boolean archived;
    private long version;

    protected Template() {
    }

    @CommandHandler
    public Template(CreateTemplate command, WorkspaceDirectory directory) {
        requireManager(directory, command.workspaceId(), command.actor().id());
        TemplateRules.validate(command.name(), command.description(), command.fields());
        apply(new TemplateCreated(command.templateId(), command.workspaceId(), command.name().strip(),
                command.description() == null ? "" : command.description().strip(), List.copyOf(command.fields()),
                command.actor()));
    }

    @CommandHandler
    public long handle(ChangeTemplateDetails command, WorkspaceDirectory directory) {
        requireManager(directory, command.workspaceId(), command.actor().id());
        requireSameWorkspace(command.workspaceId());
        Violations violations = new Violations();
        if (command.name() != null) {
            TemplateRules.checkName(command.name(), violations);
        }
        TemplateRules.checkDescription(command.description(), violations);
        violations.throwIfAny();
        if (command.name() != null && !command.name().strip().equals(name)) {
            apply(new TemplateRenamed(templateId, workspaceId, command.name().strip(), command.actor()));
        }
        if (command.description() != null && !command.description().strip().equals(description)) {
            apply(new TemplateDescribed(templateId, workspaceId, command.description().strip(), command.actor()));
        }
        return version;
    }

    @CommandHandler
    public long handle(AddTemplateField command, WorkspaceDirectory directory) {
        requireManager(directory, command.workspaceId(), command.actor().id());
        requireSameWorkspace(command.workspaceId());
        Violations violations = new Violations();
        if (command.field() == null) {
            throw DomainException.invalid("field", "Give the field to add");
        }
        if (fields.size() >= TemplateRules.MAX_FIELDS) {
            violations.add("field", "A template has at most " + TemplateRules.MAX_FIELDS + " fields");
        }
        Set<String> taken = new HashSet<>(removedKeys);
        fields.forEach(field -> taken.add(field.key()));
        if (command.field().key() != null && removedKeys.contains(command.field().key())) {
            violations.add("field.key", "This key belonged to a removed field; secrets still hold values under it");
        } else {
            TemplateRules.validateField("field", command.field(), taken, violations);
        }
        int position = command.position() == null ? fields.size() : command.position();
        if (position < 0 || position > fields.size()) {
            violations.add("position", "A position is from 0 to " + fields.size());
        }
        violations.throwIfAny();
        apply(new TemplateFieldAdded(templateId, workspaceId, command.field(), position, command.actor()));
        return version;
    }

    @CommandHandler
    public long handle(ChangeTemplateField command, WorkspaceDirectory directory) {
        requireManager(directory, command.workspaceId(), command.actor().id());
        requireSameWorkspace(command.workspaceId());
        if (command.field() == null) {
            throw DomainException.invalid("field", "Give the field to change");
        }
        FieldDefinition current = field(command.field().key(), "field.key");
        Violations violations = new Violations();
        TemplateRules.validateField("field", command.field(), new HashSet<>(), violations);
        if (command.field().type() != null && command.field().type() != current.type()) {
            violations.add("field.type", "A field's type never changes; add a field with a new key instead");
        }
        violations.throwIfAny();
        if (!command.field().equals(current)) {
            apply(new TemplateFieldChanged(templateId, workspaceId, command.field(), command.actor()));
        }
        return version;
    }

    @CommandHandler
    public long handle(RemoveTemplateField command, WorkspaceDirectory directory) {
        requireManager(directory, command.workspaceId(), command.actor().id());
        requireSameWorkspace(command.workspaceId());
        field(command.key(), "key");
        if (fields.size() == 1) {
            throw DomainException.invalid("key", "A template keeps at least one field");
        }
        apply(new TemplateFieldRemoved(templateId, workspaceId, command.key(), command.actor()));
        return version;
    }

    @CommandHandler
    public long handle(ReorderTemplateFields command, WorkspaceDirectory directory) {
        requireManager(directory, command.workspaceId(), command.actor().id());
        requireSameWorkspace(command.workspaceId());
        List<String> keys = command.keys() == null ? List.of() : command.keys();
        List<String> current = fields.stream().map(FieldDefinition::key).toList();
        if (keys.size() != current.size() || !new HashSet<>(keys).equals(new HashSet<>(current))) {
            throw DomainException.invalid("keys", "Give every field key of the template once, in the new order");
        }
        if (!keys.equals(current)) {
            apply(new TemplateFieldsReordered(templateId, workspaceId, List.copyOf(keys), command.actor()));
        }
        return version;
    }

    @CommandHandler
    public long handle(ArchiveTemplate command, WorkspaceDirectory directory) {
        requireManager(directory, command.workspaceId(), command.actor().id());
        requireSameWorkspace(command.workspaceId());
        if (command.archived() && !archived) {
            apply(new TemplateArchived(templateId, workspaceId, command.actor()));
        } else if (!command.archived() && archived) {
            apply(new TemplateRestored(templateId, workspaceId, command.actor()));
        }
        return version;
    }

    @EventSourcingHandler
    void on(TemplateCreated event, @SequenceNumber long sequence) {
        templateId = event.templateId();
        workspaceId = event.workspaceId();
        name = event.name();
        description = event.description();
        fields.addAll(event.fields());
        version = sequence;
    }

    @EventSourcingHandler
    void on(TemplateRenamed event, @SequenceNumber long sequence) {
        name = event.name();
        version = sequence;
    }

    @EventSourcingHandler
    void on(TemplateDescribed event, @SequenceNumber long sequence) {
        description = event.description();
        version = sequence;
    }

    @EventSourcingHandler
    void on(TemplateFieldAdded event, @SequenceNumber long sequence) {
        fields.add(event.position(), event.field());
        version = sequence;
    }

    @EventSourcingHandler
    void on(TemplateFieldChanged event, @SequenceNumber long sequence) {
        fields.replaceAll(field -> field.key().equals(event.field().key()) ? event.field() : field);
        version = sequence;
    }

    @EventSourcingHandler
    void on(TemplateFieldRemoved event, @SequenceNumber long sequence) {
        fields.removeIf(field -> field.key().equals(event.key()));
        removedKeys.add(event.key());
        version = sequence;
    }

    @EventSourcingHandler
    void on(TemplateFieldsReordered event, @SequenceNumber long sequence) {
        fields.sort(java.util.Comparator.comparingInt(field -> event.keys().indexOf(field.key())));
        version = sequence;
    }

    @EventSourcingHandler
    void on(TemplateArchived event, @SequenceNumber long sequence) {
        archived = true;
        version = sequence;
    }

    @EventSourcingHandler
    void on(TemplateRestored event, @SequenceNumber long sequence) {
        archived = false;
        version = sequence;
    }

    TemplateDefinition definition() {
        return new TemplateDefinition(templateId, workspaceId, List.copyOf(fields), archived);
    }

    private FieldDefinition field(String key, String path) {
        return fields.stream().filter(field -> field.key().equals(key)).findFirst()
                .orElseThrow(() -> DomainException.notFound(path, "The template has no field with this key"));
    }

    private static void requireManager(WorkspaceDirectory directory, String workspaceId, String memberId) {
        if (!AccessPolicy.holdsModifyAll(directory.member(workspaceId, memberId))) {
            throw DomainException.forbidden("Managing templates needs the MODIFY_ALL or ACCOUNT_OWNER permission");
        }
    }

    private void requireSameWorkspace(String callerWorkspaceId) {
        if (!workspaceId.equals(callerWorkspaceId)) {
            throw DomainException.notFound("id", "No such template in this workspace");
        }
    }
}
