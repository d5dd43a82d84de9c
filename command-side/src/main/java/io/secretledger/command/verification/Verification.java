package io.secretledger.command.verification;

import io.secretledger.api.common.ActorType;
import io.secretledger.api.verification.ConfirmRevealVerification;
import io.secretledger.api.verification.RequestRevealVerification;
import io.secretledger.api.verification.VerificationFailed;
import io.secretledger.api.verification.VerificationFailure;
import io.secretledger.api.verification.VerificationLockedOut;
import io.secretledger.api.verification.VerificationOutcome;
import io.secretledger.api.verification.VerificationRequest;
import io.secretledger.api.verification.VerificationRequested;
import io.secretledger.api.verification.VerificationSucceeded;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.workspace.WorkspaceDirectory;
import io.secretledger.policy.Member;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The e-mail step before a reveal, for one member of one workspace: a pending code, the wrong attempts since
 * the last success or lockout, the lockout, and the window in which reveals need no new code. Every request,
 * success, failure and lockout is an event; the code itself never is.
 */
@Aggregate(cache = "aggregateCache", lockFactory = "verificationLocks")
public class Verification {

    @AggregateIdentifier
    private String verificationId;
    private String workspaceId;
    private String memberId;
    private String pendingRequestId;
    private Instant pendingExpiresAt;
    private int failures;
    private Instant lockedUntil;
    private Instant unlockedUntil;

    protected Verification() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public VerificationRequest handle(RequestRevealVerification command, WorkspaceDirectory directory,
                                      VerificationCodes codes) {
        Member member = requireMember(command.verificationId(), command.workspaceId(), command.actor(), directory);
        if (command.requestId() == null || command.requestId().isBlank()) {
            throw DomainException.invalid("requestId", "A request needs an id");
        }
        Instant now = now();
        if (lockedOut(now)) {
            throw DomainException.verificationFailed(null, "Too many wrong codes; ask again after " + lockedUntil);
        }
        Instant expiresAt = now.plus(codes.settings().codeLifetime());
        codes.issue(command.verificationId(), command.requestId(), member.email(), expiresAt);
        apply(new VerificationRequested(command.verificationId(), command.workspaceId(), member.memberId(),
                command.requestId(), expiresAt, command.actor()));
        return new VerificationRequest(command.requestId(), mask(member.email()), expiresAt);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public VerificationOutcome handle(ConfirmRevealVerification command, WorkspaceDirectory directory,
                                      VerificationCodes codes) {
        Member member = requireMember(command.verificationId(), command.workspaceId(), command.actor(), directory);
        VerificationSettings settings = codes.settings();
        Instant now = now();
        VerificationFailure failure;
        if (lockedOut(now)) {
            failure = VerificationFailure.LOCKED_OUT;
        } else if (pendingRequestId == null) {
            failure = VerificationFailure.NO_PENDING_CODE;
        } else if (!now.isBefore(pendingExpiresAt)) {
            failure = VerificationFailure.EXPIRED_CODE;
        } else if (!codes.matches(command.verificationId(), pendingRequestId, command.code())) {
            failure = VerificationFailure.WRONG_CODE;
        } else {
            Instant until = now.plus(settings.unlockWindow());
            apply(new VerificationSucceeded(command.verificationId(), command.workspaceId(), member.memberId(),
                    pendingRequestId, until, command.actor()));
            codes.consume(command.verificationId());
            return new VerificationOutcome(null, settings.maxFailures(), until, null);
        }
        int count = failure == VerificationFailure.LOCKED_OUT ? failures : failures + 1;
        apply(new VerificationFailed(command.verificationId(), command.workspaceId(), member.memberId(),
                pendingRequestId, failure, count, command.actor()));
        if (failure != VerificationFailure.LOCKED_OUT && count >= settings.maxFailures()) {
            apply(new VerificationLockedOut(command.verificationId(), command.workspaceId(), member.memberId(),
                    now.plus(settings.lockout()), command.actor()));
            codes.consume(command.verificationId());
        }
        boolean locked = lockedOut(now);
        return new VerificationOutcome(failure, locked ? 0 : Math.max(0, settings.maxFailures() - failures), null,
                locked ? lockedUntil : null);
    }

    @EventSourcingHandler
    void on(VerificationRequested event) {
        remember(event.verificationId(), event.workspaceId(), event.memberId());
        pendingRequestId = event.requestId();
        pendingExpiresAt = event.expiresAt();
    }

    @EventSourcingHandler
    void on(VerificationSucceeded event) {
        remember(event.verificationId(), event.workspaceId(), event.memberId());
        pendingRequestId = null;
        pendingExpiresAt = null;
        failures = 0;
        unlockedUntil = event.unlockedUntil();
    }

    @EventSourcingHandler
    void on(VerificationFailed event) {
        remember(event.verificationId(), event.workspaceId(), event.memberId());
        failures = event.failures();
    }

    @EventSourcingHandler
    void on(VerificationLockedOut event) {
        remember(event.verificationId(), event.workspaceId(), event.memberId());
        pendingRequestId = null;
        pendingExpiresAt = null;
        failures = 0;
        lockedUntil = event.lockedUntil();
        unlockedUntil = null;
    }

    /** Until when reveals need no new code, or null. */
    Instant unlockedUntil() {
        return unlockedUntil;
    }

    private void remember(String id, String workspace, String member) {
        verificationId = id;
        workspaceId = workspace;
        memberId = member;
    }

    private boolean lockedOut(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }

    private static Member requireMember(String verificationId, String workspaceId,
                                        io.secretledger.api.common.Actor actor, WorkspaceDirectory directory) {
        if (actor == null || actor.type() != ActorType.MEMBER) {
            throw DomainException.forbidden("Only a member verifies by e-mail");
        }
        if (!RequestRevealVerification.idOf(workspaceId, actor.id()).equals(verificationId)) {
            throw DomainException.forbidden("A member verifies only for themselves");
        }
        return directory.member(workspaceId, actor.id())
                .orElseThrow(() -> DomainException.forbidden("You are not a member of this workspace"));
    }

    /** "a***@example.com": enough to recognise one's own address, not to harvest it. */
    static String mask(String email) {
        int at = email.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        return email.charAt(0) + "***" + email.substring(at);
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }
}
