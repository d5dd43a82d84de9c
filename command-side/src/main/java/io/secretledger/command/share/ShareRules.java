package io.secretledger.command.share;

import java.time.Instant;
import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ActorType;
import io.secretledger.api.share.ShareLinkIds;
import io.secretledger.api.share.ShareOutcome;
import io.secretledger.api.template.FieldType;
import io.secretledger.api.workspace.WorkspaceSettings;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.common.Violations;

import java.util.Optional;
import java.util.regex.Pattern;

/** The rules of issue 21's links, apart from the aggregates so that the Secret's adapter applies them too. */
public final class ShareRules {

    static final int MAX_VIEWS = 10;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,190}");

    private ShareRules() {
    }

    static Actor contact(String contactId) {
        return new Actor(ActorType.CONTACT, contactId, "contact " + contactId);
    }

    /** The input of a new link, before anything is read. */
    static void checkInput(String linkId, String token, String fieldKey, String contactId, String contactEmail,
                           String ticketId, int expiresInHours, WorkspaceSettings settings, Violations violations) {
        if (token == null || token.length() < 43 || !ShareLinkIds.of(token).equals(linkId)) {
            violations.add("token", "A link is named by the hash of its token");
        }
        if (fieldKey == null || fieldKey.isBlank()) {
            violations.add("fieldKey", "Name the field");
        }
        if (contactId == null || contactId.isBlank() || contactId.length() > 100) {
            violations.add("contactId", "A contact id of 1 to 100 characters");
        }
        if (contactEmail == null || !EMAIL.matcher(contactEmail.strip()).matches()) {
            violations.add("contactEmail", "The contact's e-mail address");
        }
        if (ticketId == null) {
            violations.add("ticketId", "A link is for a ticket you work on");
        }
        int max = settings.shareLinkHours();
        if (expiresInHours < 1 || expiresInHours > max) {
            violations.add("expiresInHours", "1 to " + max + " hours (this workspace's maximum)");
        }
    }

    /** A field the creator may show to that contact: refusals here concern the secret and are recorded with it. */
    static void checkShare(SharedField facts, String contactId) {
        checkContact(facts, contactId);
        if (!facts.decision().canView() || facts.restricted()) {
            throw DomainException.forbidden("You may not reveal this secret, so you may not share it");
        }
        checkField(facts);
        if (!facts.field().sensitive()) {
            throw DomainException.invalid("fieldKey", "This field is not sensitive; it needs no link");
        }
        if (facts.value() == null || facts.value().encrypted() == null) {
            throw DomainException.notFound("fieldKey", "This field has no value");
        }
        if (facts.expired()) {
            throw DomainException.invalid("secretId", "This secret has expired; renew it before sharing it");
        }
    }

    /** A field the requester may change, for a contact of the secret. */
    static void checkRequest(SharedField facts, String contactId) {
        checkContact(facts, contactId);
        if (!facts.decision().canModify()) {
            throw DomainException.forbidden("You may not change this secret, so you may not ask for its values");
        }
        checkField(facts);
    }

    /** Why a link made for that version may no longer show it, or empty while it may. */
    public static Optional<ShareOutcome> stillShown(SharedField facts, int fieldVersion, Instant madeAt) {
        if (facts == null || !facts.inUse() || facts.expired() || facts.field() == null
                || facts.deletedSince(madeAt)) {
            return Optional.of(ShareOutcome.SECRET_GONE);
        }
        if (facts.version() != fieldVersion || facts.value() == null || facts.value().encrypted() == null) {
            return Optional.of(ShareOutcome.FIELD_CHANGED);
        }
        if (!facts.decision().canView() || facts.restricted()) {
            return Optional.of(ShareOutcome.CREATOR_LOST_ACCESS);
        }
        return Optional.empty();
    }

    /** Why a request may no longer be answered, or empty while it may. */
    public static Optional<ShareOutcome> stillWritable(SharedField facts, Instant madeAt) {
        if (facts == null || !facts.inUse() || facts.field() == null || facts.deletedSince(madeAt)) {
            return Optional.of(ShareOutcome.SECRET_GONE);
        }
        if (!facts.decision().canModify()) {
            return Optional.of(ShareOutcome.CREATOR_LOST_ACCESS);
        }
        return Optional.empty();
    }

    private static void checkContact(SharedField facts, String contactId) {
        if (!facts.inUse()) {
            throw DomainException.invalid("secretId", "The secret is deleted or inactive");
        }
        if (!facts.relatedContactIds().contains(contactId)) {
            throw DomainException.invalid("contactId", "This contact is not related to the secret");
        }
    }

    private static void checkField(SharedField facts) {
        if (facts.field() == null) {
            throw DomainException.notFound("fieldKey", "The secret has no field with this key");
        }
        if (facts.field().type() == FieldType.FILE) {
            throw DomainException.invalid("fieldKey", "Files are not shared by link");
        }
    }
}
