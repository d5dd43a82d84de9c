package io.secretledger.command.share;

import io.secretledger.api.access.AccessDecision;
import io.secretledger.api.access.Grant;
import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.secret.EncryptedValue;
import io.secretledger.api.secret.FieldValue;
import io.secretledger.api.share.ShareOutcome;
import io.secretledger.api.template.FieldDefinition;
import io.secretledger.api.template.FieldType;
import io.secretledger.command.common.DomainException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.secretledger.command.support.Fixtures.WORKSPACE;

/** One secret with a sensitive field "token" and a contact "contact-1", as the share rules see it. */
class FakeSecrets implements SharedSecrets {

    static final String SECRET = "secret-1";
    static final String CANARY = "sk_share_canary_1";

    boolean exists = true;
    boolean inUse = true;
    boolean canView = true;
    boolean canModify = true;
    int version = 1;
    /** When the secret was last deleted (a restore keeps it), as the Secret tells it. */
    java.time.Instant lastDeletedAt;
    final List<String> refused = new ArrayList<>();
    final List<Actor> revealedTo = new ArrayList<>();
    final List<String> stored = new ArrayList<>();

    @Override
    public Optional<SharedField> field(String workspaceId, String secretId, String fieldKey, String memberId,
                                       String ticketId) {
        if (!exists || !WORKSPACE.equals(workspaceId) || !SECRET.equals(secretId)) {
            return Optional.empty();
        }
        FieldDefinition field = switch (fieldKey) {
            case "token" -> new FieldDefinition("token", "Token", FieldType.TEXT, true, true, List.of());
            case "tenant" -> new FieldDefinition("tenant", "Tenant", FieldType.TEXT, true, false, List.of());
            default -> null;
        };
        FieldValue value = field == null ? null : field.sensitive()
                ? FieldValue.sealed(fieldKey, version, new EncryptedValue("k", new byte[12], new byte[16]))
                : FieldValue.plain(fieldKey, version, "acme");
        List<Grant> grants = canView ? List.of(new Grant("assignment", "Assigned")) : List.of();
        return Optional.of(new SharedField(SECRET, WORKSPACE, "payment-api-key", inUse, false, false,
                Set.of("contact-1"), field, value, new AccessDecision(SECRET, memberId, canView, canModify, grants,
                grants, List.of()), lastDeletedAt));
    }

    @Override
    public void refuse(String workspaceId, String secretId, String fieldKey, String ticketId, ErrorCode code,
                       Actor actor) {
        refused.add(code + " " + fieldKey + " " + actor.id());
    }

    @Override
    public Shown reveal(ShownField link, Actor contact) {
        Optional<ShareOutcome> dead = ShareRules.stillShown(field(link.workspaceId(), link.secretId(),
                link.fieldKey(), link.creatorId(), link.ticketId()).orElse(null), link.fieldVersion(), link.madeAt());
        if (dead.isPresent()) {
            return new Shown(null, dead.get());
        }
        revealedTo.add(contact);
        return new Shown(new Plaintext(CANARY), null);
    }

    @Override
    public Stored store(WrittenField request, Plaintext value, Actor contact) {
        Optional<ShareOutcome> dead = ShareRules.stillWritable(field(request.workspaceId(), request.secretId(),
                request.fieldKey(), request.requesterId(), request.ticketId()).orElse(null), request.madeAt());
        if (dead.isPresent()) {
            return new Stored(0, dead.get());
        }
        if (value.value().length() > 4096) {
            throw DomainException.invalid("values." + request.fieldKey(), "At most 4096 characters");
        }
        stored.add(contact.type() + ":" + contact.id());
        return new Stored(++version, null);
    }
}
