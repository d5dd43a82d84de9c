package io.secretledger.command.workspace;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.Permission;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.invitation.AcceptInvitation;
import io.secretledger.api.invitation.Identity;
import io.secretledger.api.invitation.InvitationAcceptance;
import io.secretledger.api.invitation.InvitationAccepted;
import io.secretledger.api.invitation.InvitationRevoked;
import io.secretledger.api.invitation.InviteMember;
import io.secretledger.api.invitation.MemberInvited;
import io.secretledger.api.invitation.RevokeInvitation;
import io.secretledger.api.workspace.MemberAdded;
import io.secretledger.api.workspace.MemberRemoved;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.common.Violations;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A workspace's open invitations and the identities its members signed in with. An invitation works once, until it
 * expires or is revoked; only the SHA-256 of its mailed token is kept, and the mail leaves after the invitation is
 * stored. Accepting binds the person's (issuer, subject) to the member, one member per identity.
 */
class Invitations {

    static final Duration MAX_LIFETIME = Duration.ofDays(30);
    private static final int MIN_TOKEN_LENGTH = 43;

    private final Workspace workspace;
    private final Map<String, Open> open = new HashMap<>();
    /** "issuer|subject" to member id. */
    private final Map<String, String> identities = new HashMap<>();

    Invitations(Workspace workspace) {
        this.workspace = workspace;
    }

    @CommandHandler
    void handle(InviteMember command, InvitationMail mail) {
        workspace.requireOwner(command.actor());
        Violations violations = new Violations();
        if (command.invitationId() == null || command.invitationId().isBlank()) {
            violations.add("invitationId", "An invitation needs an id");
        }
        MemberRules.checkEmail(command.email(), "email", violations);
        MemberRules.checkProfile(command.title(), command.division(), violations);
        checkLifetime(command.expiresAt(), violations);
        checkToken(command.token(), violations);
        violations.throwIfAny();
        String email = command.email().strip();
        if (workspace.hasMemberWithEmail(email)) {
            throw DomainException.conflict("email", "A member with this e-mail address exists already");
        }
        if (open.values().stream().anyMatch(invitation -> invitation.email().equalsIgnoreCase(email))) {
            throw DomainException.conflict("email", "This address has an open invitation; revoke it to send another");
        }
        Set<Permission> permissions = command.permissions() == null || command.permissions().isEmpty()
                ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(command.permissions());
        apply(new MemberInvited(workspace.id(), command.invitationId(), null, email, permissions,
                blankToNull(command.title()), blankToNull(command.division()), command.expiresAt(),
                sha256Hex(command.token()), command.actor()));
        mailAfterCommit(mail, email, command.token(), command.expiresAt());
    }

    /** The first owner of a new workspace is invited to the member the creation made. */
    void inviteOwner(String invitationId, String ownerMemberId, String email, Plaintext token, Instant expiresAt,
                     Actor actor, InvitationMail mail) {
        Violations violations = new Violations();
        checkLifetime(expiresAt, violations);
        checkToken(token, violations);
        violations.throwIfAny();
        apply(new MemberInvited(workspace.id(), invitationId, ownerMemberId, email, EnumSet.of(Permission.ACCOUNT_OWNER),
                null, null, expiresAt, sha256Hex(token), actor));
        mailAfterCommit(mail, email, token, expiresAt);
    }

    @CommandHandler
    void handle(RevokeInvitation command) {
        workspace.requireOwner(command.actor());
        if (command.invitationId() == null || !open.containsKey(command.invitationId())) {
            throw DomainException.notFound("invitationId", "No open invitation with this id");
        }
        apply(new InvitationRevoked(workspace.id(), command.invitationId(), command.actor()));
    }

    /**
     * Unknown, used, revoked and wrong tokens get one answer. Without {@code tokenProvesMailbox} (the local issuer,
     * whose tokens come from this acceptance), the identity provider must vouch for the invited address.
     */
    @CommandHandler
    InvitationAcceptance handle(AcceptInvitation command) {
        if (workspace.suspended()) {
            throw DomainException.forbidden("This workspace is suspended by the installation's operator");
        }
        Open invitation = command.invitationId() == null ? null : open.get(command.invitationId());
        byte[] presented = sha256Hex(command.token()).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = (invitation == null ? "0".repeat(64) : invitation.tokenSha256())
                .getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(presented, expected) || invitation == null) {
            throw DomainException.notFound("token", "No open invitation with this token");
        }
        if (!GenericEventMessage.clock.instant().isBefore(invitation.expiresAt())) {
            throw DomainException.invalid("token", "The invitation has expired; ask for a new one");
        }
        Identity identity = command.identity();
        boolean local = command.tokenProvesMailbox();
        if (identity == null || identity.issuer() == null || (!local && identity.subject() == null)) {
            throw DomainException.unauthenticated("Sign in with your identity provider to accept an invitation");
        }
        if (!local && (!identity.emailVerified() || identity.email() == null
                || !identity.email().strip().equalsIgnoreCase(invitation.email()))) {
            throw DomainException.forbidden("The invitation is for another e-mail address, or your identity "
                    + "provider has not verified yours");
        }
        String memberId = invitation.memberId() != null ? invitation.memberId() : command.memberId();
        if (memberId == null || memberId.isBlank()) {
            throw DomainException.invalid("memberId", "A member needs an id");
        }
        String issuer = identity.issuer();
        String subject = local ? memberId : identity.subject();
        if (identities.containsKey(issuer + "|" + subject)) {
            throw DomainException.conflict("token", "You are a member of this workspace already");
        }
        if (invitation.memberId() == null && workspace.hasMemberWithEmail(invitation.email())) {
            throw DomainException.conflict("email", "A member with this e-mail address exists already");
        }
        Actor actor = Actor.member(memberId, invitation.email());
        apply(new InvitationAccepted(workspace.id(), command.invitationId(), memberId, issuer, subject, actor));
        if (invitation.memberId() == null) {
            apply(new MemberAdded(workspace.id(), memberId, invitation.email(), invitation.title(),
                    invitation.division(), invitation.permissions(), actor));
        }
        return new InvitationAcceptance(workspace.id(), memberId, invitation.email());
    }

    @EventSourcingHandler
    void on(MemberInvited event) {
        open.put(event.invitationId(), new Open(event.memberId(), event.email(), Set.copyOf(event.permissions()),
                event.title(), event.division(), event.expiresAt(), event.tokenSha256()));
    }

    @EventSourcingHandler
    void on(InvitationRevoked event) {
        open.remove(event.invitationId());
    }

    @EventSourcingHandler
    void on(InvitationAccepted event) {
        open.remove(event.invitationId());
        identities.put(event.issuer() + "|" + event.subject(), event.memberId());
    }

    @EventSourcingHandler
    void on(MemberRemoved event) {
        identities.values().removeIf(memberId -> memberId.equals(event.memberId()));
    }

    private static void checkLifetime(Instant expiresAt, Violations violations) {
        Instant now = GenericEventMessage.clock.instant();
        if (expiresAt == null || !expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(MAX_LIFETIME))) {
            violations.add("expiresInHours", "An invitation holds from 1 hour to " + MAX_LIFETIME.toDays() + " days");
        }
    }

    private static void checkToken(Plaintext token, Violations violations) {
        if (token == null || token.value() == null || token.value().length() < MIN_TOKEN_LENGTH) {
            violations.add("token", "An invitation token has at least 256 random bits");
        }
    }

    private void mailAfterCommit(InvitationMail mail, String email, Plaintext token, Instant expiresAt) {
        String name = workspace.name();
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unit -> mail.send(email, name, token, expiresAt));
        } else {
            mail.send(email, name, token, expiresAt);
        }
    }

    private static String sha256Hex(Plaintext token) {
        return Workspace.sha256Hex(token == null || token.value() == null ? "" : token.value());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private record Open(String memberId, String email, Set<Permission> permissions, String title, String division,
                        Instant expiresAt, String tokenSha256) {
    }
}
