package io.secretledger.command.share;

import io.secretledger.api.common.Actor;
import io.secretledger.api.share.CheckCredentialRequest;
import io.secretledger.api.share.CredentialRequested;
import io.secretledger.api.share.CredentialSubmission;
import io.secretledger.api.share.CredentialSubmissionRefused;
import io.secretledger.api.share.CredentialSubmitted;
import io.secretledger.api.share.LinkCheck;
import io.secretledger.api.share.ShareOutcome;
import io.secretledger.api.share.SubmitCredential;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.workspace.WorkspaceDirectory;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A member's request to a contact for the value of one field (issue 21): a one-time link, stored under the hash of
 * its token. The contact's value goes straight into the field as a new version, through the secret's own rules,
 * attributed to the contact; the link then works no more, and the member is told.
 */
@Aggregate(cache = "aggregateCache")
public class CredentialRequest {

    static final int MAX_REFUSALS_RECORDED = 20;

    @AggregateIdentifier
    private String linkId;
    private String workspaceId;
    private String secretId;
    private String fieldKey;
    private String fieldLabel;
    private String contactId;
    private String ticketId;
    private String requesterId;
    private Instant expiresAt;
    /** When the request was made: a deletion of the secret after it ends the request for good. */
    private Instant madeAt;
    private boolean used;
    private int refusals;

    protected CredentialRequest() {
    }

    CredentialRequest(CredentialRequested requested) {
        apply(requested);
    }

    @CommandHandler
    LinkCheck handle(CheckCredentialRequest command, SharedSecrets secrets) {
        if (ownDeath() != null || ShareRules.stillWritable(secrets.field(workspaceId, secretId, fieldKey,
                requesterId, ticketId).orElse(null), madeAt).isPresent()) {
            return LinkCheck.DEAD;
        }
        return new LinkCheck(true, false, fieldLabel);
    }

    @CommandHandler
    CredentialSubmission handle(SubmitCredential command, SharedSecrets secrets, WorkspaceDirectory directory,
                                ShareMail mail) {
        ShareOutcome dead = ownDeath();
        if (dead != null) {
            return refused(dead, null);
        }
        SharedSecrets.Stored stored;
        try {
            stored = secrets.store(new SharedSecrets.WrittenField(workspaceId, secretId, fieldKey, requesterId,
                    ticketId, madeAt), command.value(), contact());
        } catch (DomainException refused) {
            return refused(ShareOutcome.VALUE_REFUSED, refused);
        }
        if (stored.dead() != null) {
            return refused(stored.dead(), null);
        }
        apply(new CredentialSubmitted(linkId, workspaceId, secretId, fieldKey, stored.version(), requesterId,
                contact()));
        directory.member(workspaceId, requesterId).ifPresent(member -> Links.afterCommit(() ->
                mail.credentialReceived(member.email(), secretId, fieldKey, contactId, stored.version())));
        return new CredentialSubmission(true, null);
    }

    @EventSourcingHandler
    void on(CredentialRequested event, @Timestamp Instant at) {
        madeAt = at;
        linkId = event.linkId();
        workspaceId = event.workspaceId();
        secretId = event.secretId();
        fieldKey = event.fieldKey();
        fieldLabel = event.fieldLabel();
        contactId = event.contactId();
        ticketId = event.ticketId();
        requesterId = event.actor().id();
        expiresAt = event.expiresAt();
    }

    @EventSourcingHandler
    void on(CredentialSubmitted event) {
        used = true;
    }

    @EventSourcingHandler
    void on(CredentialSubmissionRefused event) {
        refusals++;
    }

    private ShareOutcome ownDeath() {
        if (used) {
            return ShareOutcome.USED;
        }
        if (!Links.now().isBefore(expiresAt)) {
            return ShareOutcome.EXPIRED;
        }
        return null;
    }

    /** Recorded up to a bound; a value that broke a rule is answered with its code and field, a dead link not. */
    private CredentialSubmission refused(ShareOutcome outcome, DomainException rule) {
        if (refusals < MAX_REFUSALS_RECORDED) {
            apply(new CredentialSubmissionRefused(linkId, workspaceId, secretId, fieldKey, outcome,
                    rule == null ? null : rule.details().code(), rule == null ? null : rule.details().field(),
                    contact()));
        }
        return new CredentialSubmission(false, rule == null ? null : rule.details());
    }

    private Actor contact() {
        return ShareRules.contact(contactId);
    }
}
