package io.secretledger.command.secret;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ActorType;
import io.secretledger.api.workspace.WorkspaceSettings;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.common.Violations;
import io.secretledger.policy.TicketState;

/**
 * What a workspace asks of a member before a reveal (issue 20): a reason, a ticket, and that the ticket is open
 * and theirs. Members only: integrations use secrets without revealing them, and operators do not reveal.
 */
final class RevealRules {

    static final int MAX_REASON = 500;

    private RevealRules() {
    }

    /**
     * Checked before any access decision, so a reveal missing what the workspace asks stores nothing.
     *
     * @return the reason as recorded (stripped), or null when none was given
     */
    static String checkRequest(String reason, String ticketId, WorkspaceSettings settings, Actor actor) {
        return checkRequest(reason, ticketId, settings, actor, false);
    }

    /** @param brokeGlass the member holds live break-glass access, which is had without a ticket */
    static String checkRequest(String reason, String ticketId, WorkspaceSettings settings, Actor actor,
                               boolean brokeGlass) {
        String given = reason == null || reason.isBlank() ? null : reason.strip();
        Violations violations = new Violations();
        if (given != null && given.length() > MAX_REASON) {
            violations.add("reason", "A reason is at most " + MAX_REASON + " characters");
        }
        if (settings != null && actor.type() == ActorType.MEMBER) {
            if (settings.requireRevealReason() && given == null) {
                violations.add("reason", "This workspace asks for a reason with every reveal");
            }
            if (settings.requireRevealTicket() && ticketId == null && !brokeGlass) {
                violations.add("ticketId", "This workspace asks for the ticket you work on with every reveal");
            }
        }
        violations.throwIfAny();
        return given;
    }

    /** The workspace asks a member for a ticket and none was given (only break-glass access needs none). */
    static boolean ticketMissing(String ticketId, WorkspaceSettings settings, Actor actor) {
        return ticketId == null && settings != null && settings.requireRevealTicket()
                && actor.type() == ActorType.MEMBER;
    }

    /** With the control on, the ticket named must be open and list the member. */
    static void checkTicket(TicketState ticket, WorkspaceSettings settings, Actor actor) {
        if (ticket == null || settings == null || !settings.requireOwnOpenTicket()
                || actor.type() != ActorType.MEMBER) {
            return;
        }
        if (!ticket.open()) {
            throw DomainException.invalid("ticketId", "This ticket is closed; reveal on an open ticket");
        }
        if (!ticket.memberIds().contains(actor.id())) {
            throw DomainException.forbidden("This workspace reveals only on an open ticket of yours");
        }
    }
}
