package io.secretledger.command.accessrequest;

import io.secretledger.api.accessrequest.AccessGrantExpired;
import io.secretledger.api.accessrequest.AccessRequestApproved;
import io.secretledger.api.accessrequest.AccessRequestDenied;
import io.secretledger.api.accessrequest.AccessRequestIds;
import io.secretledger.api.accessrequest.AccessRequestState;
import io.secretledger.api.accessrequest.AccessRequestStatus;
import io.secretledger.api.accessrequest.AccessRequested;
import io.secretledger.api.accessrequest.ApproveAccessRequest;
import io.secretledger.api.accessrequest.BreakGlass;
import io.secretledger.api.accessrequest.BreakGlassAccessGranted;
import io.secretledger.api.accessrequest.DenyAccessRequest;
import io.secretledger.api.accessrequest.RequestAccess;
import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ActorType;
import io.secretledger.api.common.Permission;
import io.secretledger.api.workspace.WorkspaceSettings;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.common.Violations;
import io.secretledger.command.ticket.TicketDirectory;
import io.secretledger.command.workspace.WorkspaceDirectory;
import io.secretledger.policy.AccessPolicy;
import io.secretledger.policy.Member;
import io.secretledger.policy.TemporaryAccess;
import io.secretledger.policy.TicketState;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * Just-in-time access (issue 20): one member's requests for one secret, one at a time. A member who cannot reach
 * the secret asks for it on an open ticket, with a reason, for a while; an approver (MODIFY_ALL or ACCOUNT_OWNER,
 * never the requester) approves or denies it. The grant is read by the secret's reveal through
 * {@link TemporaryAccessDirectory} and is live until its time runs out or its ticket closes, whichever comes first,
 * so the next reveal after either is refused without waiting for any deadline; the deadline only records the end.
 * An owner may break the glass: grant themselves access at once, with a reason, mailed to every other owner.
 */
@Aggregate(cache = "aggregateCache", lockFactory = "accessRequestLocks")
public class AccessRequest {

    static final int MAX_TEXT = 500;
    static final String GRANT_ENDS = "access-grant-ends";

    @AggregateIdentifier
    private String requestId;
    private String workspaceId;
    private String secretId;
    private String memberId;
    private int number;
    private AccessRequestStatus status;
    private String ticketId;
    private int durationMinutes;
    private Instant until;
    private boolean breakGlass;

    protected AccessRequest() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    AccessRequestState handle(RequestAccess command, WorkspaceDirectory directory, TicketDirectory tickets,
                              SecretAccessCheck secrets, AccessRequestMail mail) {
        Member requester = requireSubject(command.workspaceId(), command.secretId(), command.requestId(),
                command.actor(), directory);
        WorkspaceSettings settings = directory.settings(command.workspaceId()).orElse(WorkspaceSettings.defaults());
        Violations violations = new Violations();
        checkReason(command.reason(), "reason", violations);
        checkDuration(command.durationMinutes(), settings, violations);
        if (command.ticketId() == null) {
            violations.add("ticketId", "A request is for a ticket you work on");
        }
        violations.throwIfAny();
        TicketState ticket = tickets.find(command.workspaceId(), command.ticketId())
                .orElseThrow(() -> DomainException.notFound("ticketId", "No such ticket in this workspace"));
        if (!ticket.open()) {
            throw DomainException.invalid("ticketId", "This ticket is closed; ask on an open ticket");
        }
        SecretAccessCheck.SecretFacts secret = secrets.find(command.workspaceId(), command.secretId(),
                        requester.memberId(), command.ticketId())
                .orElseThrow(() -> DomainException.notFound("secretId", "No such secret in this workspace"));
        if (secret.standing().canView()) {
            throw DomainException.invalid("secretId", "You already reach this secret ("
                    + secret.standing().viewGrants().get(0).name() + "); reveal it instead");
        }
        if (status == AccessRequestStatus.PENDING) {
            throw DomainException.conflict("secretId", "You already asked for this secret; an approver has it");
        }
        TemporaryAccess granted = grant(command.workspaceId(), tickets).orElse(null);
        if (granted != null && granted.liveAt(now())) {
            throw DomainException.invalid("secretId", "You were granted this secret until " + until);
        }
        String reason = command.reason().strip();
        apply(new AccessRequested(command.requestId(), command.workspaceId(), command.secretId(),
                requester.memberId(), number + 1, command.ticketId(), reason, command.durationMinutes(),
                command.actor()));
        List<String> approvers = directory.members(workspaceId).stream()
                .filter(member -> AccessPolicy.holdsModifyAll(Optional.of(member)))
                .filter(member -> !member.memberId().equals(memberId)).map(Member::email).toList();
        mailAfterCommit(mail, approvers, "Access requested: " + secret.name(), requester.email()
                + " asks to reveal the secret \"" + secret.name() + "\" for " + durationMinutes
                + " minutes, on ticket " + ticketId + ":\n\n  " + reason + "\n\nApprove or deny it in SecretLedger "
                + "(accessRequests; approveAccessRequest or denyAccessRequest with requestId " + requestId + ").\n");
        return state();
    }

    @CommandHandler
    AccessRequestState handle(ApproveAccessRequest command, WorkspaceDirectory directory, TicketDirectory tickets,
                              DeadlineManager deadlines, AccessRequestMail mail) {
        Member approver = requireApprover(command.workspaceId(), command.actor(), directory);
        Violations violations = new Violations();
        checkComment(command.comment(), violations);
        violations.throwIfAny();
        requirePending();
        boolean ticketOpen = tickets.find(workspaceId, ticketId).map(TicketState::open).orElse(false);
        if (!ticketOpen) {
            throw DomainException.invalid("ticketId", "The request's ticket was closed; nothing to approve");
        }
        Instant ends = now().plus(Duration.ofMinutes(durationMinutes));
        apply(new AccessRequestApproved(requestId, workspaceId, secretId, memberId, number, ticketId, ends,
                blankToNull(command.comment()), command.actor()));
        deadlines.schedule(ends, GRANT_ENDS, new GrantEnds(number));
        mailRequester(directory, mail, "Access approved", approver.email() + " approved your request " + number
                + " for secret " + secretId + ": you may reveal it until " + ends + " or until ticket " + ticketId
                + " closes." + commentLine(command.comment()));
        return state();
    }

    @CommandHandler
    AccessRequestState handle(DenyAccessRequest command, WorkspaceDirectory directory, AccessRequestMail mail) {
        Member approver = requireApprover(command.workspaceId(), command.actor(), directory);
        Violations violations = new Violations();
        checkComment(command.comment(), violations);
        violations.throwIfAny();
        requirePending();
        apply(new AccessRequestDenied(requestId, workspaceId, secretId, memberId, number,
                blankToNull(command.comment()), command.actor()));
        mailRequester(directory, mail, "Access denied", approver.email() + " denied your request " + number
                + " for secret " + secretId + "." + commentLine(command.comment()));
        return state();
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    AccessRequestState handle(BreakGlass command, WorkspaceDirectory directory, TicketDirectory tickets,
                              SecretAccessCheck secrets, DeadlineManager deadlines, AccessRequestMail mail) {
        Member owner = requireSubject(command.workspaceId(), command.secretId(), command.requestId(),
                command.actor(), directory);
        if (!owner.permissions().contains(Permission.ACCOUNT_OWNER)) {
            throw DomainException.forbidden("Only an account owner may break the glass");
        }
        WorkspaceSettings settings = directory.settings(command.workspaceId()).orElse(WorkspaceSettings.defaults());
        Violations violations = new Violations();
        checkReason(command.reason(), "reason", violations);
        checkDuration(command.durationMinutes(), settings, violations);
        violations.throwIfAny();
        SecretAccessCheck.SecretFacts secret = secrets.find(command.workspaceId(), command.secretId(),
                        owner.memberId(), null)
                .orElseThrow(() -> DomainException.notFound("secretId", "No such secret in this workspace"));
        Instant ends = now().plus(Duration.ofMinutes(command.durationMinutes()));
        String reason = command.reason().strip();
        apply(new BreakGlassAccessGranted(command.requestId(), command.workspaceId(), command.secretId(),
                owner.memberId(), number + 1, reason, ends, command.actor()));
        deadlines.schedule(ends, GRANT_ENDS, new GrantEnds(number));
        List<String> others = directory.members(workspaceId).stream()
                .filter(member -> member.permissions().contains(Permission.ACCOUNT_OWNER))
                .filter(member -> !member.memberId().equals(memberId)).map(Member::email).toList();
        mailAfterCommit(mail, others, "Break-glass access: " + secret.name(), owner.email()
                + " broke the glass on the secret \"" + secret.name() + "\" until " + ends + ":\n\n  " + reason
                + "\n\nEvery reveal under it is recorded in the audit log under break-glass:" + requestId + ".\n");
        return state();
    }

    /** Records the end of a grant whose time ran out; a deadline of an earlier request does nothing. */
    @DeadlineHandler(deadlineName = GRANT_ENDS)
    void end(GrantEnds due) {
        if (status == AccessRequestStatus.APPROVED && due.number() == number) {
            apply(new AccessGrantExpired(requestId, workspaceId, secretId, memberId, number, until, Actor.SYSTEM));
        }
    }

    /** The current grant, if the last request was granted, with whether its ticket is still open. */
    Optional<TemporaryAccess> grant(String callerWorkspaceId, TicketDirectory tickets) {
        if (status != AccessRequestStatus.APPROVED || !workspaceId.equals(callerWorkspaceId)) {
            return Optional.empty();
        }
        boolean ticketOpen = breakGlass || tickets.find(workspaceId, ticketId).map(TicketState::open).orElse(false);
        return Optional.of(new TemporaryAccess(requestId, ticketId, ticketOpen, until, breakGlass));
    }

    @EventSourcingHandler
    void on(AccessRequested event) {
        opened(event.requestId(), event.workspaceId(), event.secretId(), event.memberId(), event.number());
        status = AccessRequestStatus.PENDING;
        ticketId = event.ticketId();
        durationMinutes = event.durationMinutes();
        until = null;
        breakGlass = false;
    }

    @EventSourcingHandler
    void on(AccessRequestApproved event) {
        status = AccessRequestStatus.APPROVED;
        until = event.until();
    }

    @EventSourcingHandler
    void on(AccessRequestDenied event) {
        status = AccessRequestStatus.DENIED;
    }

    @EventSourcingHandler
    void on(BreakGlassAccessGranted event) {
        opened(event.requestId(), event.workspaceId(), event.secretId(), event.memberId(), event.number());
        status = AccessRequestStatus.APPROVED;
        ticketId = null;
        until = event.until();
        breakGlass = true;
    }

    @EventSourcingHandler
    void on(AccessGrantExpired event) {
        status = AccessRequestStatus.ENDED;
    }

    private void opened(String id, String workspace, String secret, String member, int requestNumber) {
        requestId = id;
        workspaceId = workspace;
        secretId = secret;
        memberId = member;
        number = requestNumber;
    }

    /** The requester is a member, asking for themselves (the id names the secret and them), in this workspace. */
    private Member requireSubject(String callerWorkspaceId, String secret, String id, Actor actor,
                                  WorkspaceDirectory directory) {
        if (workspaceId != null && !workspaceId.equals(callerWorkspaceId)) {
            throw DomainException.notFound("secretId", "No such secret in this workspace");
        }
        if (actor.type() != ActorType.MEMBER) {
            throw DomainException.forbidden("Only members ask for access");
        }
        Member member = directory.member(callerWorkspaceId, actor.id())
                .orElseThrow(() -> DomainException.forbidden("Not a member of this workspace"));
        if (secret == null || !AccessRequestIds.of(secret, actor.id()).equals(id)) {
            throw DomainException.invalid("secretId", "A request names the secret it is for");
        }
        return member;
    }

    private Member requireApprover(String callerWorkspaceId, Actor actor, WorkspaceDirectory directory) {
        if (workspaceId == null || !workspaceId.equals(callerWorkspaceId)) {
            throw DomainException.notFound("requestId", "No such request in this workspace");
        }
        Optional<Member> member = directory.member(workspaceId, actor.id());
        if (!AccessPolicy.holdsModifyAll(member)) {
            throw DomainException.forbidden("Deciding access requests needs MODIFY_ALL or ACCOUNT_OWNER");
        }
        if (actor.id().equals(memberId)) {
            throw DomainException.forbidden("Nobody decides their own access request");
        }
        return member.get();
    }

    private void requirePending() {
        if (status != AccessRequestStatus.PENDING) {
            throw DomainException.conflict("requestId", "This request is not waiting for a decision (it is "
                    + status + ")");
        }
    }

    private static void checkReason(String reason, String field, Violations violations) {
        if (reason == null || reason.isBlank()) {
            violations.add(field, "Say why you need it");
        } else if (reason.strip().length() > MAX_TEXT) {
            violations.add(field, "At most " + MAX_TEXT + " characters");
        }
    }

    private static void checkComment(String comment, Violations violations) {
        if (comment != null && comment.strip().length() > MAX_TEXT) {
            violations.add("comment", "At most " + MAX_TEXT + " characters");
        }
    }

    private static void checkDuration(int minutes, WorkspaceSettings settings, Violations violations) {
        long max = settings.maxAccessRequest().toMinutes();
        if (minutes < 1 || minutes > max) {
            violations.add("durationMinutes", "1 to " + max + " minutes (this workspace's maximum)");
        }
    }

    private AccessRequestState state() {
        return new AccessRequestState(requestId, status, until);
    }

    private void mailRequester(WorkspaceDirectory directory, AccessRequestMail mail, String subject, String text) {
        directory.member(workspaceId, memberId).ifPresent(requester ->
                mailAfterCommit(mail, List.of(requester.email()), subject, text + "\n"));
    }

    /** Mail leaves once the events are stored, and not at all if they are not. */
    private static void mailAfterCommit(AccessRequestMail mail, List<String> to, String subject, String text) {
        if (to.isEmpty()) {
            return;
        }
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unit -> mail.send(to, subject, text));
        } else {
            mail.send(to, subject, text);
        }
    }

    private static String commentLine(String comment) {
        return comment == null || comment.isBlank() ? "" : "\n\n  " + comment.strip();
    }

    /** The fixture's clock in tests, the system's otherwise. */
    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
