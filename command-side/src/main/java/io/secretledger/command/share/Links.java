package io.secretledger.command.share;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.ErrorDetails;
import io.secretledger.api.share.CredentialRequested;
import io.secretledger.api.share.FieldShared;
import io.secretledger.api.share.RequestCredential;
import io.secretledger.api.share.ShareField;
import io.secretledger.api.share.ShareLinkState;
import io.secretledger.api.share.ShareLinkStatus;
import io.secretledger.api.common.ActorType;
import io.secretledger.api.workspace.WorkspaceSettings;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.common.Violations;
import io.secretledger.command.ticket.TicketDirectory;
import io.secretledger.command.workspace.WorkspaceDirectory;
import io.secretledger.policy.Member;
import io.secretledger.policy.TicketState;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.Repository;

import java.time.Duration;
import java.time.Instant;

/**
 * Makes share links and credential requests (issue 21). Not an aggregate's own handler, because a refusal that
 * concerns the secret (a contact not related to it, a field its creator may not reveal) is recorded with the
 * secret and answered, and no link comes into being for it.
 */
public class Links {

    private final Repository<ShareLink> shareLinks;
    private final Repository<CredentialRequest> credentialRequests;
    private final WorkspaceDirectory directory;
    private final TicketDirectory tickets;
    private final SharedSecrets secrets;
    private final ShareMail mail;

    public Links(Repository<ShareLink> shareLinks, Repository<CredentialRequest> credentialRequests,
                 WorkspaceDirectory directory, TicketDirectory tickets, SharedSecrets secrets, ShareMail mail) {
        this.shareLinks = shareLinks;
        this.credentialRequests = credentialRequests;
        this.directory = directory;
        this.tickets = tickets;
        this.secrets = secrets;
        this.mail = mail;
    }

    @CommandHandler
    public ShareLinkState handle(ShareField command) {
        Member creator = requireMember(command.workspaceId(), command.actor());
        WorkspaceSettings settings = directory.settings(command.workspaceId()).orElse(WorkspaceSettings.defaults());
        Violations violations = new Violations();
        ShareRules.checkInput(command.linkId(), command.token() == null ? null : command.token().value(),
                command.fieldKey(), command.contactId(), command.contactEmail(), command.ticketId(),
                command.expiresInHours(), settings, violations);
        if (command.maxViews() < 1 || command.maxViews() > ShareRules.MAX_VIEWS) {
            violations.add("maxViews", "1 to " + ShareRules.MAX_VIEWS + " views");
        }
        violations.throwIfAny();
        requireOpenTicket(command.workspaceId(), command.ticketId());
        SharedField facts = secrets.field(command.workspaceId(), command.secretId(), command.fieldKey(),
                creator.memberId(), command.ticketId())
                .orElseThrow(() -> DomainException.notFound("secretId", "No such secret in this workspace"));
        try {
            ShareRules.checkShare(facts, command.contactId());
        } catch (DomainException refused) {
            return recorded(refused, command.workspaceId(), command.secretId(), command.fieldKey(),
                    command.ticketId(), command);
        }
        Instant expiresAt = now().plus(Duration.ofHours(command.expiresInHours()));
        String email = command.contactEmail().strip();
        FieldShared shared = new FieldShared(command.linkId(), command.workspaceId(), command.secretId(),
                command.fieldKey(), facts.version(), facts.field().label(), command.contactId(), email,
                command.ticketId(), expiresAt, command.maxViews(), command.requireCode(), command.actor());
        try {
            shareLinks.newInstance(() -> new ShareLink(shared));
        } catch (Exception e) {
            throw DomainException.conflict("token", "This link exists already; make a new token");
        }
        afterCommit(() -> mail.shareLink(email, facts.name(), facts.field().label(), command.token(), expiresAt,
                command.requireCode()));
        return new ShareLinkState(command.linkId(), ShareLinkStatus.ACTIVE, expiresAt, command.maxViews(), null);
    }

    @CommandHandler
    public ShareLinkState handle(RequestCredential command) {
        Member requester = requireMember(command.workspaceId(), command.actor());
        WorkspaceSettings settings = directory.settings(command.workspaceId()).orElse(WorkspaceSettings.defaults());
        Violations violations = new Violations();
        ShareRules.checkInput(command.linkId(), command.token() == null ? null : command.token().value(),
                command.fieldKey(), command.contactId(), command.contactEmail(), command.ticketId(),
                command.expiresInHours(), settings, violations);
        violations.throwIfAny();
        requireOpenTicket(command.workspaceId(), command.ticketId());
        SharedField facts = secrets.field(command.workspaceId(), command.secretId(), command.fieldKey(),
                requester.memberId(), command.ticketId())
                .orElseThrow(() -> DomainException.notFound("secretId", "No such secret in this workspace"));
        try {
            ShareRules.checkRequest(facts, command.contactId());
        } catch (DomainException refused) {
            return recorded(refused, command.workspaceId(), command.secretId(), command.fieldKey(),
                    command.ticketId(), command);
        }
        Instant expiresAt = now().plus(Duration.ofHours(command.expiresInHours()));
        String email = command.contactEmail().strip();
        CredentialRequested requested = new CredentialRequested(command.linkId(), command.workspaceId(),
                command.secretId(), command.fieldKey(), facts.field().label(), command.contactId(), email,
                command.ticketId(), expiresAt, command.actor());
        try {
            credentialRequests.newInstance(() -> new CredentialRequest(requested));
        } catch (Exception e) {
            throw DomainException.conflict("token", "This link exists already; make a new token");
        }
        afterCommit(() -> mail.credentialRequest(email, facts.name(), facts.field().label(), command.token(),
                expiresAt));
        return new ShareLinkState(command.linkId(), ShareLinkStatus.ACTIVE, expiresAt, 1, null);
    }

    /** Refusals about the secret's access are recorded with it; plain input errors store nothing. */
    private ShareLinkState recorded(DomainException refused, String workspaceId, String secretId, String fieldKey,
                                    String ticketId, Object command) {
        ErrorDetails details = refused.details();
        boolean aboutAccess = details.code() == ErrorCode.FORBIDDEN || "contactId".equals(details.field());
        if (!aboutAccess) {
            throw refused;
        }
        secrets.refuse(workspaceId, secretId, fieldKey, ticketId, details.code(),
                command instanceof ShareField share ? share.actor() : ((RequestCredential) command).actor());
        return ShareLinkState.refused(details);
    }

    private Member requireMember(String workspaceId, io.secretledger.api.common.Actor actor) {
        if (actor == null || actor.type() != ActorType.MEMBER) {
            throw DomainException.forbidden("Only members make links");
        }
        return directory.member(workspaceId, actor.id())
                .orElseThrow(() -> DomainException.forbidden("Not a member of this workspace"));
    }

    private void requireOpenTicket(String workspaceId, String ticketId) {
        TicketState ticket = tickets.find(workspaceId, ticketId)
                .orElseThrow(() -> DomainException.notFound("ticketId", "No such ticket in this workspace"));
        if (!ticket.open()) {
            throw DomainException.invalid("ticketId", "This ticket is closed");
        }
    }

    static void afterCommit(Runnable action) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unit -> action.run());
        } else {
            action.run();
        }
    }

    static Instant now() {
        return GenericEventMessage.clock.instant();
    }
}
