package io.secretledger.command.secret;

import io.secretledger.api.integration.DecryptWithKey;
import io.secretledger.api.integration.EncryptWithKey;
import io.secretledger.api.integration.KeyOperationResult;
import io.secretledger.api.integration.SecretKeyUsed;
import io.secretledger.command.crypto.TransitKeys;
import io.secretledger.api.integration.AuthorizeSecretUse;
import io.secretledger.api.integration.RecordSecretUse;
import io.secretledger.api.integration.SecretUseAuthorized;
import io.secretledger.api.integration.SecretUseGrant;
import io.secretledger.api.integration.SecretUseRefused;
import io.secretledger.api.integration.SecretUsed;
import io.secretledger.api.integration.UsedField;
import io.secretledger.api.workspace.ServiceScope;
import io.secretledger.command.integration.EgressPolicy;
import io.secretledger.command.integration.HostResolver;
import io.secretledger.api.access.AccessDecision;
import io.secretledger.api.access.AccessRulesChanged;
import io.secretledger.api.access.AssignmentChanged;
import io.secretledger.api.access.ChangeSecretAccess;
import io.secretledger.api.access.ChangeSecretRelations;
import io.secretledger.api.access.RelatedContactsChanged;
import io.secretledger.api.access.RelatedTicketsChanged;
import io.secretledger.api.access.ExplainAccess;
import io.secretledger.api.access.LinkSecretToTicket;
import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.ErrorDetails;
import io.secretledger.api.common.ActorType;
import io.secretledger.api.workspace.WorkspaceSettings;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.secret.AttachSecretFile;
import io.secretledger.api.secret.ChangeSecretExpiration;
import io.secretledger.api.secret.DownloadSecretFile;
import io.secretledger.api.secret.EncryptedValue;
import io.secretledger.api.secret.FileContent;
import io.secretledger.api.secret.FileRef;
import io.secretledger.api.secret.SecretFileAttached;
import io.secretledger.api.secret.SecretFileDownloaded;
import io.secretledger.api.secret.DeleteSecret;
import io.secretledger.api.secret.GeneratorOptions;
import io.secretledger.api.secret.PurgeSecret;
import io.secretledger.api.secret.RestoreSecret;
import io.secretledger.api.secret.RollbackSecretField;
import io.secretledger.api.secret.SecretActivated;
import io.secretledger.api.secret.SecretDeactivated;
import io.secretledger.api.secret.SecretDeleted;
import io.secretledger.api.secret.SecretExpirationChanged;
import io.secretledger.api.secret.SecretExpired;
import io.secretledger.api.secret.SecretFieldRolledBack;
import io.secretledger.api.secret.SecretPurged;
import io.secretledger.api.secret.SecretRestored;
import io.secretledger.api.secret.SetSecretActive;
import io.secretledger.api.template.FieldType;
import io.secretledger.command.crypto.ValueGenerator;
import io.secretledger.command.totp.TotpFields;
import io.secretledger.api.totp.TotpDisclosure;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import io.secretledger.api.secret.CreateSecret;
import io.secretledger.api.secret.EditSecret;
import io.secretledger.api.secret.FieldInput;
import io.secretledger.api.secret.FieldValue;
import io.secretledger.api.secret.RevealSecretField;
import io.secretledger.command.accessrequest.TemporaryAccessDirectory;
import io.secretledger.policy.TemporaryAccess;
import io.secretledger.api.secret.SecretRevealRefused;
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
import io.secretledger.command.crypto.KeyHierarchy;
import io.secretledger.command.verification.VerificationDirectory;
import io.secretledger.command.template.TemplateCatalog;
import io.secretledger.command.ticket.TicketDirectory;
import io.secretledger.policy.TicketState;
import io.secretledger.command.template.TemplateDefinition;
import io.secretledger.command.workspace.WorkspaceDirectory;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
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
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.time.Instant;
import java.util.function.Predicate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A client secret: its layout, its current values (sensitive ones only as ciphertext) and the rules for
 * changing and revealing them.
 */
@Aggregate(cache = "aggregateCache")
public class Secret {

    static final int MAX_RELATED = 200;
    static final int MAX_TRANSIT_BYTES = 32_768;
    static final String EXPIRY = "secret-expiry";

    @AggregateIdentifier
    private String secretId;
    private String workspaceId;
    private String name;
    private Visibility visibility;
    private boolean active;
    private boolean deleted;
    /** When it was last deleted: links and requests made before it do not come back with a restore. */
    private Instant lastDeletedAt;
    private boolean purged;
    private Instant expiresAt;
    private boolean expired;
    private final Map<String, FieldDefinition> fields = new LinkedHashMap<>();
    private final Map<String, FieldValue> values = new HashMap<>();
    /** Every version of every field, so that an owner can roll back; sensitive ones only as ciphertext. */
    private final Map<String, TreeMap<Integer, FieldValue>> versions = new HashMap<>();
    private final Map<String, FileRef> files = new HashMap<>();
    private SecretAccess access = SecretAccess.none();
    /** Calls authorized whose result is not recorded yet: use id to what was authorized. */
    private final Map<String, SecretUseAuthorized> pendingUses = new HashMap<>();
    /** Encryptions done with each key field version ("field|version"), so a key is rotated before its limit. */
    private final Map<String, Long> keyEncryptions = new HashMap<>();
    private long version;

    protected Secret() {
    }

    @CommandHandler
    public Secret(CreateSecret command, WorkspaceDirectory directory, TemplateCatalog templates, FieldCipher cipher,
                  ValueGenerator generator, SecretNames names, DeadlineManager deadlines) {
        if (!AccessPolicy.holdsModifyAll(directory.member(command.workspaceId(), command.actor().id()))) {
            throw DomainException.forbidden("Creating secrets needs the MODIFY_ALL or ACCOUNT_OWNER permission");
        }
        Violations violations = new Violations();
        SecretRules.checkName(command.name(), violations);
        SecretRules.checkDescription(command.description(), violations);
        SecretRules.checkExpiry(command.expiresAt(), now(), violations);
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
        List<FieldInput> inputs = withGeneratedDefaults(command.values() == null ? List.of() : command.values(),
                layout);
        SecretRules.checkValues(inputs, layout, true, violations);
        violations.throwIfAny();
        if (!names.claim(command.workspaceId(), command.name(), command.secretId())) {
            throw DomainException.invalid("name", "Another secret of this workspace has this name");
        }
        List<FieldValue> sealed = seal(inputs, layout, command.workspaceId(), command.secretId(), Map.of(), cipher,
                generator);
        apply(new SecretCreated(command.secretId(), command.workspaceId(), command.templateId(), command.name(),
                command.description() == null ? "" : command.description().strip(),
                command.visibility() == null ? Visibility.MASKED : command.visibility(), command.expiresAt(),
                List.copyOf(template.fields()), sealed, command.actor()));
        if (command.expiresAt() != null) {
            deadlines.schedule(command.expiresAt(), EXPIRY, new ExpiryDue(command.expiresAt()));
        }
    }

    @CommandHandler
    public long handle(EditSecret command, WorkspaceDirectory directory, TicketDirectory tickets, FieldCipher cipher,
                       ValueGenerator generator, ConflictResolver conflicts) {
        requireModifiable(command.workspaceId(), directory, tickets, command.actor());
        if (command.name() != null && !command.name().equals(name)) {
            throw DomainException.invalid("name", "A secret's name never changes; create a new secret instead");
        }
        conflicts.detectConflicts(changesContent(),
                conflict -> DomainException.conflict(conflict.actualVersion(),
                        "The secret changed since version " + conflict.expectedVersion() + "; reload it"));
        Violations violations = new Violations();
        SecretRules.checkDescription(command.description(), violations);
        List<FieldInput> inputs = command.values() == null ? List.of() : command.values();
        SecretRules.checkValues(inputs, fields, false, violations);
        violations.throwIfAny();
        List<FieldValue> changed = seal(inputs, fields, workspaceId, secretId, values, cipher, generator);
        String description = command.description() == null ? null : command.description().strip();
        if (changed.isEmpty() && description == null) {
            return version;
        }
        apply(new SecretEdited(secretId, workspaceId, description, changed, command.actor()));
        return version;
    }

    @CommandHandler
    public RevealedValue handle(RevealSecretField command, WorkspaceDirectory directory, TicketDirectory tickets,
                                FieldCipher cipher, VerificationDirectory verifications,
                                TemporaryAccessDirectory granted) {
        requireSameWorkspace(command.workspaceId());
        try {
            return reveal(command, directory, tickets, cipher, verifications, granted);
        } catch (DomainException refused) {
            ErrorCode reason = refused.details().code();
            if (reason != ErrorCode.FORBIDDEN && reason != ErrorCode.VERIFICATION_REQUIRED) {
                throw refused;
            }
            apply(new SecretRevealRefused(secretId, workspaceId, command.fieldKey(), command.ticketId(), reason,
                    command.actor()));
            return RevealedValue.refused(secretId, command.fieldKey(), refused.details());
        }
    }

    private RevealedValue reveal(RevealSecretField command, WorkspaceDirectory directory, TicketDirectory tickets,
                                 FieldCipher cipher, VerificationDirectory verifications,
                                 TemporaryAccessDirectory granted) {
        WorkspaceSettings settings = directory.settings(workspaceId).orElse(null);
        // A request's grant is read only where it can matter (the hot path of a reveal loads no more aggregates):
        // where a ticket is asked for and none given (break-glass needs none), and where standing access says no.
        TemporaryAccess temporary = RevealRules.ticketMissing(command.ticketId(), settings, command.actor())
                ? granted.find(workspaceId, secretId, command.actor().id()).orElse(null) : null;
        boolean brokeGlass = temporary != null && temporary.breakGlass() && temporary.liveAt(now());
        String reason = RevealRules.checkRequest(command.reason(), command.ticketId(), settings, command.actor(),
                brokeGlass);
        AccessDecision decision = decideWithRequest(directory, tickets, granted, temporary, command.actor().id(),
                command.ticketId());
        if (!decision.canView()) {
            throw DomainException.forbidden("You may not reveal this secret");
        }
        requireInUse("reveal it");
        String grant = decision.viewGrants().get(0).name();
        if (visibility == Visibility.RESTRICTED) {
            throw DomainException.forbidden("A restricted secret is never shown to a person");
        }
        requireExpiredRevealAllowed(directory, command.actor(), command.confirmExpired());
        if (command.ticketId() != null) {
            RevealRules.checkTicket(tickets.find(workspaceId, command.ticketId()).orElse(null), settings,
                    command.actor());
        }
        FieldDefinition field = command.fieldKey() == null ? null : fields.get(command.fieldKey());
        if (field == null) {
            throw DomainException.notFound("fieldKey", "The secret has no field with this key");
        }
        if (!field.sensitive()) {
            throw DomainException.invalid("fieldKey", "This field is not sensitive; it is shown in the secret itself");
        }
        TotpDisclosure totp = TotpFields.disclosure(field, command.seed(), decision.canModify());
        FieldValue value = values.get(field.key());
        if (value == null || value.encrypted() == null) {
            throw DomainException.notFound("fieldKey", "This field has no value");
        }
        requireVerified(directory, verifications, command.actor());
        Plaintext plaintext = cipher.decrypt(value.encrypted(),
                new AssociatedData(workspaceId, secretId, field.key(), value.version()));
        apply(new SecretRevealed(secretId, workspaceId, field.key(), value.version(), grant, command.ticketId(),
                expired, reason, command.actor(), totp));
        return TotpFields.answer(new RevealedValue(secretId, field.key(), value.version(), grant, plaintext), totp,
                now());
    }

    /**
     * Seed 001: a service account places fields of this secret into a call without seeing them. Restricted
     * secrets are usable this way and in no other. A refusal that concerns this secret (no scope, a destination
     * the allowlist does not hold) is recorded and answered; nothing is decrypted for it.
     */
    SecretUseGrant authorizeUse(AuthorizeSecretUse command, WorkspaceDirectory directory, HostResolver resolver,
                                FieldCipher cipher) {
        requireSameWorkspace(command.workspaceId());
        try {
            return use(command, directory, resolver, cipher);
        } catch (DomainException refused) {
            ErrorCode reason = refused.details().code();
            if (reason != ErrorCode.FORBIDDEN && reason != ErrorCode.EGRESS_DENIED) {
                throw refused;
            }
            apply(new SecretUseRefused(secretId, workspaceId, command.useId(),
                    EgressPolicy.describe(command.destination()), reason, command.actor()));
            return SecretUseGrant.refused(command.useId(), secretId, refused.details());
        }
    }

    private SecretUseGrant use(AuthorizeSecretUse command, WorkspaceDirectory directory, HostResolver resolver,
                               FieldCipher cipher) {
        Actor actor = command.actor();
        boolean scoped = actor.type() == ActorType.SERVICE_ACCOUNT && directory.serviceAccount(workspaceId, actor.id())
                .map(account -> account.scopes().contains(ServiceScope.USE_SECRETS)).orElse(false);
        if (!scoped) {
            throw DomainException.forbidden("Only a service account with the USE_SECRETS scope uses secrets in calls");
        }
        requireInUse("use it");
        if (expired) {
            throw DomainException.forbidden("This secret has expired; renew it before integrations use it");
        }
        if (pendingUses.containsKey(command.useId())) {
            throw DomainException.invalid("useId", "This call was authorized already");
        }
        List<String> keys = command.fieldKeys() == null ? List.of() : command.fieldKeys().stream().distinct().toList();
        if (keys.isEmpty()) {
            throw DomainException.invalid("request", "Name at least one field, as {{secret:name/field}}");
        }
        List<FieldValue> used = new ArrayList<>();
        for (String key : keys) {
            FieldDefinition field = fields.get(key);
            if (field == null || field.type() == FieldType.FILE || field.type() == FieldType.TOTP) {
                throw DomainException.notFound("request", "The secret has no text field " + key);
            }
            FieldValue value = values.get(key);
            if (value == null) {
                throw DomainException.notFound("request", "The field " + key + " has no value");
            }
            used.add(value);
        }
        EgressPolicy.Destination destination = EgressPolicy.check(command.destination(),
                directory.egressRules(workspaceId), resolver);
        List<SecretUseGrant.Value> grants = new ArrayList<>();
        for (FieldValue value : used) {
            Plaintext plaintext = value.holdsCiphertext()
                    ? cipher.decrypt(value.encrypted(), new AssociatedData(workspaceId, secretId, value.key(),
                            value.version()))
                    : new Plaintext(value.text());
            grants.add(new SecretUseGrant.Value(value.key(), value.version(), plaintext));
        }
        apply(new SecretUseAuthorized(secretId, workspaceId, command.useId(),
                used.stream().map(value -> new UsedField(value.key(), value.version())).toList(),
                command.method(), destination.recorded(), actor));
        return new SecretUseGrant(command.useId(), secretId, grants,
                destination.addresses().stream().map(java.net.InetAddress::getHostAddress).toList(), null);
    }

    /**
     * Seed 004: a sensitive text field of this secret serves as an encryption key by reference; the key never
     * leaves the service. Service accounts with USE_SECRETS and members who may view the secret can use it; every
     * use is recorded, and a refusal too.
     */
    KeyOperationResult encryptWithKey(EncryptWithKey command, String fieldKey, WorkspaceDirectory directory,
                                      TicketDirectory tickets, FieldCipher cipher, TransitKeys transit) {
        requireSameWorkspace(command.workspaceId());
        return refusedAsResult(command.actor(), "transit:encrypt", () -> {
            FieldValue key = keyField(fieldKey, null, command.actor(), directory, tickets);
            String counter = fieldKey + "|" + key.version();
            if (keyEncryptions.getOrDefault(counter, 0L) >= transit.maxEncryptions()) {
                throw DomainException.forbidden("This key version reached its limit of " + transit.maxEncryptions()
                        + " encryptions; rotate it (edit the field) to go on");
            }
            if (command.plaintext() == null || command.plaintext().value() == null
                    || command.plaintext().value().length() > MAX_TRANSIT_BYTES) {
                throw DomainException.invalid("plaintext", "Give at most " + MAX_TRANSIT_BYTES + " characters");
            }
            String ciphertext = transit.encrypt(keyValue(key, cipher), workspaceId, secretId, fieldKey, key.version(),
                    command.plaintext().value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            apply(new SecretKeyUsed(secretId, workspaceId, fieldKey, key.version(), "encrypt", command.actor()));
            return new KeyOperationResult(secretId, key.version(), ciphertext, null, null);
        });
    }

    KeyOperationResult decryptWithKey(DecryptWithKey command, String fieldKey, WorkspaceDirectory directory,
                                      TicketDirectory tickets, FieldCipher cipher, TransitKeys transit) {
        requireSameWorkspace(command.workspaceId());
        return refusedAsResult(command.actor(), "transit:decrypt", () -> {
            int version = TransitKeys.version(command.ciphertext());
            FieldValue key = keyField(fieldKey, version, command.actor(), directory, tickets);
            byte[] data = transit.decrypt(keyValue(key, cipher), workspaceId, secretId, fieldKey, version,
                    command.ciphertext());
            apply(new SecretKeyUsed(secretId, workspaceId, fieldKey, version, "decrypt", command.actor()));
            return new KeyOperationResult(secretId, version, null,
                    new Plaintext(new String(data, java.nio.charset.StandardCharsets.UTF_8)), null);
        });
    }

    private KeyOperationResult refusedAsResult(Actor actor, String destination,
                                               java.util.function.Supplier<KeyOperationResult> operation) {
        try {
            return operation.get();
        } catch (DomainException refused) {
            if (refused.details().code() != ErrorCode.FORBIDDEN) {
                throw refused;
            }
            apply(new SecretUseRefused(secretId, workspaceId, null, destination, ErrorCode.FORBIDDEN, actor));
            return KeyOperationResult.refused(secretId, refused.details());
        }
    }

    /** The key field at the version asked (null: the current one), after checking who asks. */
    private FieldValue keyField(String fieldKey, Integer version, Actor actor, WorkspaceDirectory directory,
                                TicketDirectory tickets) {
        boolean allowed = actor.type() == ActorType.SERVICE_ACCOUNT
                ? directory.serviceAccount(workspaceId, actor.id())
                        .map(account -> account.scopes().contains(ServiceScope.USE_SECRETS)).orElse(false)
                : decide(directory, tickets, actor.id(), null).canView();
        if (!allowed) {
            throw DomainException.forbidden("You may not use this key");
        }
        requireInUse("use it as a key");
        FieldDefinition field = fields.get(fieldKey);
        if (field == null || field.type() != FieldType.TEXT || !field.sensitive()) {
            throw DomainException.invalid("keyRef", "A key is a sensitive text field of a secret: name/field");
        }
        FieldValue value = version == null ? values.get(fieldKey)
                : versions.getOrDefault(fieldKey, new TreeMap<>()).get(version);
        if (value == null || value.encrypted() == null) {
            throw version == null ? DomainException.invalid("keyRef", "The key field has no value")
                    : DomainException.invalid("ciphertext", "The key has no version " + version);
        }
        return value;
    }

    private Plaintext keyValue(FieldValue key, FieldCipher cipher) {
        Plaintext value = cipher.decrypt(key.encrypted(), new AssociatedData(workspaceId, secretId, key.key(),
                key.version()));
        if (value.value().length() < TransitKeys.MIN_KEY_LENGTH) {
            throw DomainException.invalid("keyRef", "A key holds at least " + TransitKeys.MIN_KEY_LENGTH
                    + " characters; generate one");
        }
        return value;
    }

    @EventSourcingHandler
    void on(SecretKeyUsed event) {
        if ("encrypt".equals(event.operation())) {
            keyEncryptions.merge(event.fieldKey() + "|" + event.version(), 1L, Long::sum);
        }
    }

    /** Closes an authorized call with what became of it; only the service account that made it can. */
    @CommandHandler
    public void handle(RecordSecretUse command) {
        requireSameWorkspace(command.workspaceId());
        SecretUseAuthorized authorized = pendingUses.get(command.useId());
        if (authorized == null || !authorized.actor().id().equals(command.actor().id())) {
            throw DomainException.notFound("useId", "No call with this id is waiting for its result");
        }
        String outcome = command.outcome() == null ? "" : command.outcome();
        apply(new SecretUsed(secretId, workspaceId, command.useId(), authorized.fields(), authorized.method(),
                authorized.destination(), command.status(), outcome.length() > 200 ? outcome.substring(0, 200)
                        : outcome, command.actor()));
    }

    @EventSourcingHandler
    void on(SecretUseAuthorized event) {
        pendingUses.put(event.useId(), event);
    }

    @EventSourcingHandler
    void on(SecretUsed event) {
        pendingUses.remove(event.useId());
    }

    /** Seed 000: an expired secret is revealed only by a manager who says they know it has expired. */
    private void requireExpiredRevealAllowed(WorkspaceDirectory directory, Actor actor, boolean confirmed) {
        if (!expired) {
            return;
        }
        if (!AccessPolicy.holdsModifyAll(directory.member(workspaceId, actor.id()))) {
            throw DomainException.forbidden("This secret has expired; revealing it needs MODIFY_ALL or ACCOUNT_OWNER");
        }
        if (!confirmed) {
            throw DomainException.invalid("confirmExpired", "This secret has expired; confirm to reveal it anyway");
        }
    }

    /** With the workspace control on, a member reveals only inside the window a confirmed e-mail code opened. */
    private void requireVerified(WorkspaceDirectory directory, VerificationDirectory verifications, Actor actor) {
        boolean required = directory.settings(workspaceId).map(WorkspaceSettings::requireEmailVerification)
                .orElse(false);
        if (!required || actor.type() != ActorType.MEMBER) {
            return;
        }
        boolean unlocked = verifications.unlockedUntil(workspaceId, actor.id())
                .map(until -> now().isBefore(until)).orElse(false);
        if (!unlocked) {
            throw DomainException.verificationRequired(
                    "This workspace requires an e-mailed code before a reveal: request one, then confirm it");
        }
    }

    @CommandHandler
    public long handle(ChangeSecretAccess command, WorkspaceDirectory directory) {
        requireSameWorkspace(command.workspaceId());
        if (!AccessPolicy.holdsModifyAll(directory.member(workspaceId, command.actor().id()))) {
            throw DomainException.forbidden("Managing who reaches a secret needs MODIFY_ALL or ACCOUNT_OWNER");
        }
        requireNotDeleted("change who reaches it");
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

    @CommandHandler
    public long handle(SetSecretActive command, WorkspaceDirectory directory, TicketDirectory tickets) {
        requireModifiable(command.workspaceId(), directory, tickets, command.actor());
        if (command.active() && !active) {
            apply(new SecretActivated(secretId, workspaceId, command.actor()));
        } else if (!command.active() && active) {
            apply(new SecretDeactivated(secretId, workspaceId, command.actor()));
        }
        return version;
    }

    @CommandHandler
    public long handle(ChangeSecretExpiration command, WorkspaceDirectory directory, TicketDirectory tickets,
                       DeadlineManager deadlines) {
        requireModifiable(command.workspaceId(), directory, tickets, command.actor());
        Violations violations = new Violations();
        SecretRules.checkExpiry(command.expiresAt(), now(), violations);
        violations.throwIfAny();
        if (java.util.Objects.equals(command.expiresAt(), expiresAt)) {
            return version;
        }
        apply(new SecretExpirationChanged(secretId, workspaceId, command.expiresAt(), command.actor()));
        deadlines.cancelAllWithinScope(EXPIRY);
        if (command.expiresAt() != null) {
            deadlines.schedule(command.expiresAt(), EXPIRY, new ExpiryDue(command.expiresAt()));
        }
        return version;
    }

    /** Fires when the expiry passes; one scheduled for an expiry since changed is stale and does nothing. */
    @DeadlineHandler(deadlineName = EXPIRY)
    void expire(ExpiryDue due) {
        if (!purged && !expired && due.expiresAt().equals(expiresAt)) {
            apply(new SecretExpired(secretId, workspaceId, expiresAt, Actor.SYSTEM));
        }
    }

    @CommandHandler
    public long handle(DeleteSecret command, WorkspaceDirectory directory, SecretReferences references) {
        requireManager(command.workspaceId(), directory, command.actor(), "Deleting secrets");
        if (deleted) {
            return version;
        }
        List<String> referrers = references.referrers(workspaceId, name);
        if (!referrers.isEmpty() && !command.force()) {
            throw new DomainException(new ErrorDetails(ErrorCode.CONFLICT, "force", "Integration configurations "
                    + "refer to this secret: " + String.join(", ", referrers) + ". Delete with force to go on; "
                    + "they will fail until changed", null, List.of()));
        }
        apply(new SecretDeleted(secretId, workspaceId, referrers, command.actor()));
        return version;
    }

    @CommandHandler
    public long handle(RestoreSecret command, WorkspaceDirectory directory) {
        requireManager(command.workspaceId(), directory, command.actor(), "Restoring secrets");
        if (deleted) {
            apply(new SecretRestored(secretId, workspaceId, command.actor()));
        }
        return version;
    }

    /** Only a deleted secret is purged, and only when the caller repeats its name. */
    @CommandHandler
    public long handle(PurgeSecret command, WorkspaceDirectory directory, SecretNames names,
                       DeadlineManager deadlines, KeyHierarchy keys) {
        requireManager(command.workspaceId(), directory, command.actor(), "Permanently deleting secrets");
        if (!deleted) {
            throw DomainException.invalid("id", "Delete the secret first; only deleted secrets are purged");
        }
        if (!name.equals(command.confirmName())) {
            throw DomainException.invalid("confirmName", "Repeat the secret's name to purge it");
        }
        // Crypto-shredding before the event: a purge that is recorded has always destroyed the key. Should the
        // event not be stored, the secret stays deleted with unreadable values, which is what was asked for.
        keys.destroyDataKey(workspaceId, secretId, now());
        apply(new SecretPurged(secretId, workspaceId, name, command.actor()));
        deadlines.cancelAllWithinScope(EXPIRY);
        String freed = name;
        CurrentUnitOfWork.ifStarted(unit -> unit.afterCommit(done -> names.release(workspaceId, freed, secretId)));
        return version;
    }

    @CommandHandler
    public long handle(RollbackSecretField command, WorkspaceDirectory directory, FieldCipher cipher) {
        requireManager(command.workspaceId(), directory, command.actor(), "Rolling back a value");
        requireNotDeleted("roll it back");
        FieldDefinition field = command.fieldKey() == null ? null : fields.get(command.fieldKey());
        if (field == null) {
            throw DomainException.notFound("fieldKey", "The secret has no field with this key");
        }
        FieldValue current = values.get(field.key());
        FieldValue target = versions.getOrDefault(field.key(), new TreeMap<>()).get(command.toVersion());
        if (target == null || current == null || command.toVersion() >= current.version()) {
            throw DomainException.notFound("toVersion", "The field has no earlier version with this number");
        }
        if (target.encrypted() == null && (target.text() == null || field.sensitive())) {
            throw DomainException.invalid("toVersion", "That version holds no value");
        }
        int next = current.version() + 1;
        FieldValue restored;
        if (target.encrypted() != null) {
            Plaintext plaintext = cipher.decrypt(target.encrypted(),
                    new AssociatedData(workspaceId, secretId, field.key(), target.version()));
            restored = FieldValue.sealed(field.key(), next,
                    cipher.encrypt(plaintext, new AssociatedData(workspaceId, secretId, field.key(), next)));
        } else {
            restored = FieldValue.plain(field.key(), next, target.text());
        }
        apply(new SecretFieldRolledBack(secretId, workspaceId, restored, command.toVersion(), command.actor()));
        return version;
    }

    /** Owners and "modify all" members may ask about anyone; every member may ask about themselves. */
    @CommandHandler
    public AccessDecision handle(ExplainAccess command, WorkspaceDirectory directory, TicketDirectory tickets,
                                 TemporaryAccessDirectory granted) {
        requireSameWorkspace(command.workspaceId());
        boolean self = command.actor().id().equals(command.memberId());
        if (!self && !AccessPolicy.holdsModifyAll(directory.member(workspaceId, command.actor().id()))) {
            throw DomainException.forbidden("Explaining another member's access needs MODIFY_ALL or ACCOUNT_OWNER");
        }
        return decide(directory, tickets, granted.find(workspaceId, secretId, command.memberId()).orElse(null),
                command.memberId(), command.ticketId());
    }

    @CommandHandler
    public long handle(ChangeSecretRelations command, WorkspaceDirectory directory, TicketDirectory tickets) {
        requireSameWorkspace(command.workspaceId());
        if (!AccessPolicy.holdsModifyAll(directory.member(workspaceId, command.actor().id()))) {
            throw DomainException.forbidden("Relating tickets and contacts needs MODIFY_ALL or ACCOUNT_OWNER");
        }
        requireNotDeleted("relate it");
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

    /**
     * Encrypts the file into the vault under a new blob id (an unreferenced blob is all a failed append
     * leaves), then records where it is. The event holds the file's name, type and size, never its bytes.
     */
    @CommandHandler
    public long handle(AttachSecretFile command, WorkspaceDirectory directory, TicketDirectory tickets,
                       FieldCipher cipher, FileRules rules, FileVault vault) {
        requireModifiable(command.workspaceId(), directory, tickets, command.actor());
        FieldDefinition field = command.fieldKey() == null ? null : fields.get(command.fieldKey());
        if (field == null) {
            throw DomainException.notFound("fieldKey", "The secret has no field with this key");
        }
        if (field.type() != FieldType.FILE) {
            throw DomainException.invalid("fieldKey", "Only FILE fields take files");
        }
        Violations violations = new Violations();
        rules.check(command.fileName(), command.contentType(), command.content(), violations);
        violations.throwIfAny();
        FileRef previous = files.get(field.key());
        int next = previous == null ? 1 : previous.version() + 1;
        String blobId = secretId + "/" + field.key() + "/" + next;
        vault.put(blobId, cipher.seal(command.content(), new AssociatedData(workspaceId, secretId, field.key(), next)));
        apply(new SecretFileAttached(secretId, workspaceId, new FileRef(field.key(), next, blobId,
                command.fileName().strip(), FileRules.baseType(command.contentType()), command.content().length),
                command.actor()));
        return version;
    }

    /** As a reveal: decided by the policy, recorded before the bytes are returned, so it fails closed. */
    @CommandHandler
    public FileContent handle(DownloadSecretFile command, WorkspaceDirectory directory, TicketDirectory tickets,
                              FieldCipher cipher, FileVault vault, VerificationDirectory verifications,
                              TemporaryAccessDirectory granted) {
        requireSameWorkspace(command.workspaceId());
        AccessDecision decision = decideWithRequest(directory, tickets, granted, null, command.actor().id(),
                command.ticketId());
        if (!decision.canView()) {
            throw DomainException.forbidden("You may not download this file");
        }
        requireInUse("download its files");
        FileRef file = command.fieldKey() == null ? null : files.get(command.fieldKey());
        if (file == null) {
            throw DomainException.notFound("fieldKey", "No file is attached to this field");
        }
        requireVerified(directory, verifications, command.actor());
        EncryptedValue sealed = vault.get(file.blobId())
                .orElseThrow(() -> DomainException.integrity("The file's content is missing from the vault"));
        byte[] content = cipher.open(sealed, new AssociatedData(workspaceId, secretId, file.key(), file.version()));
        apply(new SecretFileDownloaded(secretId, workspaceId, file.key(), file.version(),
                decision.viewGrants().get(0).name(), command.ticketId(), command.actor()));
        return new FileContent(file.fileName(), file.contentType(), content);
    }

    /** Seed 000: members link secrets they may change to the ticket they work on. */
    @CommandHandler
    public long handle(LinkSecretToTicket command, WorkspaceDirectory directory, TicketDirectory tickets) {
        requireModifiable(command.workspaceId(), directory, tickets, command.actor());
        if (command.ticketId() == null || tickets.find(workspaceId, command.ticketId()).isEmpty()) {
            throw DomainException.notFound("ticketId", "No such ticket in this workspace");
        }
        Set<String> related = new java.util.HashSet<>(access.relatedTicketIds());
        boolean changed = command.linked() ? related.add(command.ticketId()) : related.remove(command.ticketId());
        if (related.size() > MAX_RELATED) {
            throw DomainException.invalid("ticketId", "A secret relates to at most " + MAX_RELATED + " tickets");
        }
        if (changed) {
            apply(new RelatedTicketsChanged(secretId, workspaceId, Set.copyOf(related), command.actor()));
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
        name = event.name();
        visibility = event.visibility();
        active = true;
        expiresAt = event.expiresAt();
        event.layout().forEach(field -> fields.put(field.key(), field));
        event.values().forEach(this::keep);
        version = sequence;
    }

    @EventSourcingHandler
    void on(SecretEdited event, @SequenceNumber long sequence) {
        event.values().forEach(this::keep);
        version = sequence;
    }

    @EventSourcingHandler
    void on(SecretFieldRolledBack event, @SequenceNumber long sequence) {
        keep(event.value());
        version = sequence;
    }

    @EventSourcingHandler
    void on(SecretActivated event, @SequenceNumber long sequence) {
        active = true;
        version = sequence;
    }

    @EventSourcingHandler
    void on(SecretDeactivated event, @SequenceNumber long sequence) {
        active = false;
        version = sequence;
    }

    @EventSourcingHandler
    void on(SecretExpirationChanged event, @SequenceNumber long sequence) {
        expiresAt = event.expiresAt();
        expired = false;
        version = sequence;
    }

    @EventSourcingHandler
    void on(SecretExpired event, @SequenceNumber long sequence) {
        expired = true;
        version = sequence;
    }

    @EventSourcingHandler
    void on(SecretDeleted event, @SequenceNumber long sequence, @Timestamp Instant at) {
        deleted = true;
        lastDeletedAt = at;
        version = sequence;
    }

    @EventSourcingHandler
    void on(SecretRestored event, @SequenceNumber long sequence) {
        deleted = false;
        version = sequence;
    }

    @EventSourcingHandler
    void on(SecretPurged event, @SequenceNumber long sequence) {
        purged = true;
        files.clear();
        values.clear();
        versions.clear();
        version = sequence;
    }

    private void keep(FieldValue value) {
        values.put(value.key(), value);
        versions.computeIfAbsent(value.key(), key -> new TreeMap<>()).put(value.version(), value);
    }

    @EventSourcingHandler
    void on(SecretFileAttached event, @SequenceNumber long sequence) {
        files.put(event.file().key(), event.file());
        version = sequence;
    }

    @EventSourcingHandler
    void on(SecretFileDownloaded event, @SequenceNumber long sequence) {
        version = sequence;
    }

    @EventSourcingHandler
    void on(SecretRevealed event, @SequenceNumber long sequence) {
        version = sequence;
    }

    /** For the expiry reminders (docs/adr/0023): not deleted, not purged, of that workspace. */
    boolean inUseIn(String callerWorkspaceId) {
        return !deleted && !purged && callerWorkspaceId.equals(workspaceId);
    }

    AccessDecision decideFor(WorkspaceDirectory directory, TicketDirectory tickets, String memberId) {
        return decide(directory, tickets, memberId, null);
    }

    /** Who reaches it on that ticket without a request (an access request asks this). */
    AccessDecision decideFor(WorkspaceDirectory directory, TicketDirectory tickets, String memberId,
                             String ticketId) {
        return decide(directory, tickets, memberId, ticketId);
    }

    String name() {
        return name;
    }

    /** Issue 21: one field as a share link or a credential request sees it (decided in command/share). */
    Optional<io.secretledger.command.share.SharedField> sharedField(String callerWorkspaceId, String fieldKey,
            WorkspaceDirectory directory, TicketDirectory tickets, String memberId, String ticketId) {
        return purged || !workspaceId.equals(callerWorkspaceId) ? Optional.empty()
                : Optional.of(new io.secretledger.command.share.SharedField(secretId, workspaceId, name,
                !deleted && active, visibility == Visibility.RESTRICTED, expired, access.relatedContactIds(),
                fieldKey == null ? null : fields.get(fieldKey), fieldKey == null ? null : values.get(fieldKey),
                decide(directory, tickets, memberId, ticketId), lastDeletedAt));
    }

    private AccessDecision decide(WorkspaceDirectory directory, TicketDirectory tickets, String memberId,
                                  String ticketId) {
        return decide(directory, tickets, null, memberId, ticketId);
    }

    /**
     * Standing access first; only where it says no is the member's access request read (with {@code known}, the one
     * already read, nothing more is).
     */
    private AccessDecision decideWithRequest(WorkspaceDirectory directory, TicketDirectory tickets,
                                             TemporaryAccessDirectory granted, TemporaryAccess known,
                                             String memberId, String ticketId) {
        AccessDecision decision = decide(directory, tickets, known, memberId, ticketId);
        if (decision.canView() || known != null) {
            return decision;
        }
        return granted.find(workspaceId, secretId, memberId)
                .map(temporary -> decide(directory, tickets, temporary, memberId, ticketId)).orElse(decision);
    }

    /** With {@code granted}, a request's grant counts too (reveals, downloads, explanations; never changes). */
    private AccessDecision decide(WorkspaceDirectory directory, TicketDirectory tickets,
                                  TemporaryAccess temporary, String memberId, String ticketId) {
        List<TicketState> linked = access.relatedTicketIds().stream()
                .map(id -> tickets.find(workspaceId, id)).flatMap(java.util.Optional::stream).toList();
        TicketState current = ticketId == null ? null : tickets.find(workspaceId, ticketId)
                .orElseThrow(() -> DomainException.notFound("ticketId", "No such ticket in this workspace"));
        return AccessPolicy.decide(secretId, memberId, directory.member(workspaceId, memberId),
                directory.settings(workspaceId).orElse(null), access, linked, current, temporary, now());
    }


    private void requireSameWorkspace(String callerWorkspaceId) {
        if (purged || !workspaceId.equals(callerWorkspaceId)) {
            throw DomainException.notFound("id", "No such secret in this workspace");
        }
    }

    /** Edits of content and state: the policy's modify decision, on a secret that is not deleted. */
    private void requireModifiable(String callerWorkspaceId, WorkspaceDirectory directory, TicketDirectory tickets,
                                   Actor actor) {
        requireSameWorkspace(callerWorkspaceId);
        if (!decide(directory, tickets, actor.id(), null).canModify()) {
            throw DomainException.forbidden("You may not change this secret");
        }
        requireNotDeleted("change it");
    }

    private void requireManager(String callerWorkspaceId, WorkspaceDirectory directory, Actor actor, String what) {
        requireSameWorkspace(callerWorkspaceId);
        if (!AccessPolicy.holdsModifyAll(directory.member(workspaceId, actor.id()))) {
            throw DomainException.forbidden(what + " needs the MODIFY_ALL or ACCOUNT_OWNER permission");
        }
    }

    private void requireNotDeleted(String toDo) {
        if (deleted) {
            throw DomainException.invalid("id", "The secret is deleted; restore it to " + toDo);
        }
    }

    private void requireInUse(String toDo) {
        requireNotDeleted(toDo);
        if (!active) {
            throw DomainException.invalid("id", "The secret is inactive; activate it to " + toDo);
        }
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }

    /**
     * On creation a sensitive text field left empty gets a generated value when it is required (seed 002:
     * leave the value blank to have one generated); an optional one only when asked.
     */
    private static List<FieldInput> withGeneratedDefaults(List<FieldInput> inputs, Map<String, FieldDefinition> layout) {
        List<FieldInput> completed = new ArrayList<>();
        Set<String> given = new java.util.HashSet<>();
        for (FieldInput input : inputs) {
            given.add(input.key());
            FieldDefinition field = input.key() == null ? null : layout.get(input.key());
            boolean blank = input.value() == null || input.value().hasNoText();
            completed.add(blank && input.generate() == null && generatedByDefault(field)
                    ? new FieldInput(input.key(), null, GeneratorOptions.DEFAULT) : input);
        }
        layout.values().stream().filter(field -> !given.contains(field.key()) && generatedByDefault(field))
                .forEach(field -> completed.add(new FieldInput(field.key(), null, GeneratorOptions.DEFAULT)));
        return completed;
    }

    private static boolean generatedByDefault(FieldDefinition field) {
        return field != null && field.sensitive() && field.required() && field.type() == FieldType.TEXT;
    }

    /** Reveals change the version but not the content, so they never make an edit conflict. */
    private static Predicate<List<DomainEventMessage<?>>> changesContent() {
        return Conflicts.payloadTypeOf(SecretEdited.class).or(Conflicts.payloadTypeOf(SecretFieldRolledBack.class))
                .or(Conflicts.payloadTypeOf(SecretFileAttached.class));
    }

    static List<FieldValue> seal(List<FieldInput> inputs, Map<String, FieldDefinition> layout,
                                         String workspaceId, String secretId, Map<String, FieldValue> current,
                                         FieldCipher cipher, ValueGenerator generator) {
        List<FieldValue> sealed = new ArrayList<>();
        for (FieldInput given : inputs) {
            FieldInput input = given.generate() == null ? given
                    : new FieldInput(given.key(), generator.generate(given.generate()));
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
                sealed.add(FieldValue.sealed(input.key(), version, cipher.encrypt(
                        TotpFields.normalise(field, input.value()),
                        new AssociatedData(workspaceId, secretId, input.key(), version))));
            } else if (previous == null || !text.equals(previous.text())) {
                sealed.add(FieldValue.plain(input.key(), version, text));
            }
        }
        return sealed;
    }
}
