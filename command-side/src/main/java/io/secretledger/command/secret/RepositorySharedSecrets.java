package io.secretledger.command.secret;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.secret.FieldInput;
import io.secretledger.api.secret.FieldValue;
import io.secretledger.api.secret.SecretEdited;
import io.secretledger.api.secret.SecretRevealRefused;
import io.secretledger.api.secret.SecretRevealed;
import io.secretledger.api.share.ShareOutcome;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.common.Violations;
import io.secretledger.command.crypto.AssociatedData;
import io.secretledger.command.crypto.FieldCipher;
import io.secretledger.command.crypto.ValueGenerator;
import io.secretledger.command.share.ShareRules;
import io.secretledger.command.share.SharedField;
import io.secretledger.command.share.SharedSecrets;
import io.secretledger.command.ticket.TicketDirectory;
import io.secretledger.command.workspace.WorkspaceDirectory;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The Secret as share links and credential requests use it (issue 21). Each use loads the secret in the current
 * unit of work and decides and records inside one invocation of it, so what is checked is what is shown or
 * changed; the events are the secret's own (a reveal, a refused reveal, an edit), with the contact as actor.
 */
public class RepositorySharedSecrets implements SharedSecrets {

    private final Repository<Secret> secrets;
    private final WorkspaceDirectory directory;
    private final TicketDirectory tickets;
    private final FieldCipher cipher;
    private final ValueGenerator generator;

    public RepositorySharedSecrets(Repository<Secret> secrets, WorkspaceDirectory directory, TicketDirectory tickets,
                                   FieldCipher cipher, ValueGenerator generator) {
        this.secrets = secrets;
        this.directory = directory;
        this.tickets = tickets;
        this.cipher = cipher;
        this.generator = generator;
    }

    @Override
    public Optional<SharedField> field(String workspaceId, String secretId, String fieldKey, String memberId,
                                       String ticketId) {
        return withSecret(secretId, secret -> secret.sharedField(workspaceId, fieldKey, directory, tickets,
                memberId, ticketId)).flatMap(found -> found);
    }

    @Override
    public void refuse(String workspaceId, String secretId, String fieldKey, String ticketId, ErrorCode code,
                       Actor actor) {
        withSecret(secretId, secret -> {
            apply(new SecretRevealRefused(secretId, workspaceId, fieldKey, ticketId, code, actor));
            return true;
        });
    }

    @Override
    public Shown reveal(ShownField link, Actor contact) {
        return withSecret(link.secretId(), secret -> {
            SharedField facts = secret.sharedField(link.workspaceId(), link.fieldKey(), directory, tickets,
                    link.creatorId(), link.ticketId()).orElse(null);
            Optional<ShareOutcome> dead = ShareRules.stillShown(facts, link.fieldVersion(), link.madeAt());
            if (dead.isPresent()) {
                return new Shown(null, dead.get());
            }
            FieldValue value = facts.value();
            Plaintext plaintext = cipher.decrypt(value.encrypted(), new AssociatedData(link.workspaceId(),
                    link.secretId(), value.key(), value.version()));
            apply(new SecretRevealed(link.secretId(), link.workspaceId(), value.key(), value.version(),
                    "share-link:" + facts.decision().viewGrants().get(0).name(), link.ticketId(), false,
                    "share link " + link.linkId().substring(0, 12), contact));
            return new Shown(plaintext, null);
        }).orElse(new Shown(null, ShareOutcome.SECRET_GONE));
    }

    @Override
    public Stored store(WrittenField request, Plaintext value, Actor contact) {
        return withSecret(request.secretId(), secret -> {
            SharedField facts = secret.sharedField(request.workspaceId(), request.fieldKey(), directory, tickets,
                    request.requesterId(), request.ticketId()).orElse(null);
            Optional<ShareOutcome> dead = ShareRules.stillWritable(facts, request.madeAt());
            if (dead.isPresent()) {
                return new Stored(0, dead.get());
            }
            List<FieldInput> input = List.of(new FieldInput(request.fieldKey(), value));
            Map<String, io.secretledger.api.template.FieldDefinition> layout = Map.of(request.fieldKey(),
                    facts.field());
            Violations violations = new Violations();
            SecretRules.checkValues(input, layout, false, violations);
            if (value == null || value.hasNoText()) {
                violations.add("values." + request.fieldKey(), "Give the value");
            }
            violations.throwIfAny();
            Map<String, FieldValue> current = facts.value() == null ? Map.of() : Map.of(request.fieldKey(),
                    facts.value());
            List<FieldValue> sealed = Secret.seal(input, layout, request.workspaceId(), request.secretId(), current,
                    cipher, generator);
            if (sealed.isEmpty()) {
                throw DomainException.invalid("values." + request.fieldKey(), "The value is the one stored");
            }
            apply(new SecretEdited(request.secretId(), request.workspaceId(), null, sealed, contact));
            return new Stored(sealed.get(0).version(), null);
        }).orElse(new Stored(0, ShareOutcome.SECRET_GONE));
    }

    private <R> Optional<R> withSecret(String secretId, Function<Secret, R> use) {
        if (secretId == null) {
            return Optional.empty();
        }
        Aggregate<Secret> secret;
        try {
            secret = secrets.load(secretId);
        } catch (AggregateNotFoundException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(secret.invoke(use));
    }
}
