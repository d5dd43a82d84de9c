package io.secretledger.command.share;

import io.secretledger.api.common.Actor;
import io.secretledger.api.share.CheckShareLink;
import io.secretledger.api.share.FieldShared;
import io.secretledger.api.share.LinkCheck;
import io.secretledger.api.share.RevokeShareLink;
import io.secretledger.api.share.SendShareCode;
import io.secretledger.api.share.ShareCodeSent;
import io.secretledger.api.share.ShareLinkRefused;
import io.secretledger.api.share.ShareLinkRevoked;
import io.secretledger.api.share.ShareLinkState;
import io.secretledger.api.share.ShareLinkStatus;
import io.secretledger.api.share.ShareOutcome;
import io.secretledger.api.share.SharedFieldValue;
import io.secretledger.api.share.SharedFieldViewed;
import io.secretledger.api.share.ViewSharedField;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.workspace.WorkspaceDirectory;
import io.secretledger.policy.AccessPolicy;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Duration;
import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A link that shows one field of a secret to one of its contacts (issue 21), stored under the hash of its token.
 * Each view is decided again against the secret: the field still at the version the link was made for, the secret
 * in use, its creator still allowed to reveal it on the link's ticket; and against the link: not revoked or
 * expired, views left, and the e-mailed code when one is required. A view is a reveal of the secret, recorded there
 * with the contact as its actor; a view that gives nothing is recorded here, up to a bound.
 */
@Aggregate(cache = "aggregateCache")
public class ShareLink {

    static final int MAX_CODE_FAILURES = 5;
    static final int MAX_CODES = 5;
    static final int MAX_REFUSALS_RECORDED = 20;
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);

    @AggregateIdentifier
    private String linkId;
    private String workspaceId;
    private String secretId;
    private String fieldKey;
    private int fieldVersion;
    private String fieldLabel;
    private String contactId;
    private String contactEmail;
    private String ticketId;
    private String creatorId;
    private Instant expiresAt;
    /** When the link was made: a deletion of the secret after it ends the link for good. */
    private Instant madeAt;
    private int viewsLeft;
    private boolean requireCode;
    private boolean revoked;
    private int codes;
    private Instant codeExpiresAt;
    private int failures;
    private int refusals;

    protected ShareLink() {
    }

    ShareLink(FieldShared created) {
        apply(created);
    }

    /** The first page: says whether there is anything to show, and uses nothing. */
    @CommandHandler
    LinkCheck handle(CheckShareLink command, SharedSecrets secrets) {
        if (ownDeath() != null || ShareRules.stillShown(facts(secrets), fieldVersion, madeAt).isPresent()) {
            return LinkCheck.DEAD;
        }
        return new LinkCheck(true, requireCode, fieldLabel);
    }

    @CommandHandler
    SharedFieldValue handle(SendShareCode command, SharedSecrets secrets, ShareCodes shareCodes) {
        ShareOutcome dead = ownDeath();
        if (dead == null) {
            dead = ShareRules.stillShown(facts(secrets), fieldVersion, madeAt).orElse(null);
        }
        if (dead != null || !requireCode) {
            return refused(dead == null ? ShareOutcome.CODE_REQUIRED : dead);
        }
        if (codes >= MAX_CODES) {
            return refused(ShareOutcome.TOO_MANY_CODE_FAILURES);
        }
        Instant until = Links.now().plus(CODE_LIFETIME);
        apply(new ShareCodeSent(linkId, workspaceId, secretId, codes + 1, until, contact()));
        shareCodes.issue(linkId, codes, contactEmail, until);
        return SharedFieldValue.askCode(fieldLabel);
    }

    @CommandHandler
    SharedFieldValue handle(ViewSharedField command, SharedSecrets secrets, ShareCodes shareCodes) {
        ShareOutcome dead = ownDeath();
        if (dead != null) {
            return refused(dead);
        }
        if (requireCode) {
            if (command.code() == null || command.code().hasNoText()) {
                return SharedFieldValue.askCode(fieldLabel);
            }
            boolean live = codes > 0 && Links.now().isBefore(codeExpiresAt);
            if (!shareCodes.matches(linkId, codes, command.code()) || !live) {
                apply(new ShareLinkRefused(linkId, workspaceId, secretId, ShareOutcome.CODE_WRONG, failures + 1,
                        contact()));
                return failures >= MAX_CODE_FAILURES ? SharedFieldValue.DEAD : SharedFieldValue.askCode(fieldLabel);
            }
        }
        SharedSecrets.Shown shown = secrets.reveal(new SharedSecrets.ShownField(workspaceId, secretId, fieldKey,
                fieldVersion, creatorId, ticketId, linkId, madeAt), contact());
        if (shown.dead() != null) {
            return refused(shown.dead());
        }
        apply(new SharedFieldViewed(linkId, workspaceId, secretId, fieldKey, fieldVersion, viewsLeft - 1,
                contact()));
        if (requireCode) {
            shareCodes.consume(linkId);
        }
        return new SharedFieldValue(shown.value(), fieldLabel, viewsLeft, false);
    }

    /** Its creator, or a member who manages all secrets, may end it at once. */
    @CommandHandler
    ShareLinkState handle(RevokeShareLink command, WorkspaceDirectory directory) {
        if (!workspaceId.equals(command.workspaceId())) {
            throw DomainException.notFound("linkId", "No such link in this workspace");
        }
        boolean creator = command.actor() != null && creatorId.equals(command.actor().id());
        if (!creator && !AccessPolicy.holdsModifyAll(directory.member(workspaceId, command.actor().id()))) {
            throw DomainException.forbidden("Only the link's creator or a manager revokes it");
        }
        if (!revoked) {
            apply(new ShareLinkRevoked(linkId, workspaceId, secretId, command.actor()));
        }
        return new ShareLinkState(linkId, ShareLinkStatus.REVOKED, expiresAt, viewsLeft, null);
    }

    @EventSourcingHandler
    void on(FieldShared event, @Timestamp Instant at) {
        madeAt = at;
        linkId = event.linkId();
        workspaceId = event.workspaceId();
        secretId = event.secretId();
        fieldKey = event.fieldKey();
        fieldVersion = event.fieldVersion();
        fieldLabel = event.fieldLabel();
        contactId = event.contactId();
        contactEmail = event.contactEmail();
        ticketId = event.ticketId();
        creatorId = event.actor().id();
        expiresAt = event.expiresAt();
        viewsLeft = event.maxViews();
        requireCode = event.requireCode();
    }

    @EventSourcingHandler
    void on(SharedFieldViewed event) {
        viewsLeft = event.viewsLeft();
        codeExpiresAt = null;
    }

    @EventSourcingHandler
    void on(ShareCodeSent event) {
        codes = event.number();
        codeExpiresAt = event.expiresAt();
    }

    @EventSourcingHandler
    void on(ShareLinkRefused event) {
        refusals++;
        if (event.outcome() == ShareOutcome.CODE_WRONG) {
            failures = event.failures();
        }
    }

    @EventSourcingHandler
    void on(ShareLinkRevoked event) {
        revoked = true;
    }

    /** What ended the link by itself, or null while it lives. */
    private ShareOutcome ownDeath() {
        if (revoked) {
            return ShareOutcome.REVOKED;
        }
        if (!Links.now().isBefore(expiresAt)) {
            return ShareOutcome.EXPIRED;
        }
        if (viewsLeft <= 0) {
            return ShareOutcome.NO_VIEWS_LEFT;
        }
        if (failures >= MAX_CODE_FAILURES) {
            return ShareOutcome.TOO_MANY_CODE_FAILURES;
        }
        return null;
    }

    /** Recorded (a bounded number of times, so a scanner cannot grow the stream) and answered as a dead link. */
    private SharedFieldValue refused(ShareOutcome outcome) {
        if (refusals < MAX_REFUSALS_RECORDED) {
            apply(new ShareLinkRefused(linkId, workspaceId, secretId, outcome, failures, contact()));
        }
        return SharedFieldValue.DEAD;
    }

    private SharedField facts(SharedSecrets secrets) {
        return secrets.field(workspaceId, secretId, fieldKey, creatorId, ticketId).orElse(null);
    }

    private Actor contact() {
        return ShareRules.contact(contactId);
    }
}
