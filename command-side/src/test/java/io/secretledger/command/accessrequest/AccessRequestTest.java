package io.secretledger.command.accessrequest;

import io.secretledger.api.access.AccessDecision;
import io.secretledger.api.access.Grant;
import io.secretledger.api.accessrequest.AccessGrantExpired;
import io.secretledger.api.accessrequest.AccessRequestApproved;
import io.secretledger.api.accessrequest.AccessRequestDenied;
import io.secretledger.api.accessrequest.AccessRequestIds;
import io.secretledger.api.accessrequest.AccessRequested;
import io.secretledger.api.accessrequest.ApproveAccessRequest;
import io.secretledger.api.accessrequest.BreakGlass;
import io.secretledger.api.accessrequest.BreakGlassAccessGranted;
import io.secretledger.api.accessrequest.DenyAccessRequest;
import io.secretledger.api.accessrequest.RequestAccess;
import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.Permission;
import io.secretledger.api.workspace.WorkspaceSettings;
import io.secretledger.command.common.DomainExceptionTranslator;
import io.secretledger.command.support.Fixtures;
import io.secretledger.policy.TicketState;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.secretledger.command.support.Fixtures.OWNER;
import static io.secretledger.command.support.Fixtures.OTHER_WORKSPACE;
import static io.secretledger.command.support.Fixtures.VIEWER;
import static io.secretledger.command.support.Fixtures.WORKSPACE;
import static io.secretledger.command.support.Fixtures.refusedWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

class AccessRequestTest {

    private static final String SECRET = "secret-1";
    private static final String ID = AccessRequestIds.of(SECRET, VIEWER.id());
    private static final Actor APPROVER = Actor.member("approver-1", "approver@example.com");
    private static final Actor OTHER_OWNER = Actor.member("owner-2", "owner2@example.com");
    private static final AccessRequested REQUESTED = new AccessRequested(ID, WORKSPACE, SECRET, VIEWER.id(), 1,
            "ticket-1", "Customer locked out", 60, VIEWER);

    private FixtureConfiguration<AccessRequest> fixture;
    private Fixtures.Directory directory;
    private Fixtures.Tickets tickets;
    private final List<String> mailed = new ArrayList<>();
    private boolean viewerReaches;

    @BeforeEach
    void setUp() {
        directory = Fixtures.directory();
        directory.put(WORKSPACE, APPROVER, Permission.MODIFY_ALL);
        directory.put(WORKSPACE, OTHER_OWNER, Permission.ACCOUNT_OWNER);
        directory.put(WORKSPACE, WorkspaceSettings.of(true, true, false));
        tickets = new Fixtures.Tickets()
                .with(new TicketState("ticket-1", WORKSPACE, Set.of(), Set.of(VIEWER.id())))
                .with(new TicketState("ticket-closed", WORKSPACE, Set.of(), Set.of(VIEWER.id()), false))
                .with(new TicketState("ticket-foreign", OTHER_WORKSPACE, Set.of(), Set.of()));
        SecretAccessCheck secrets = (workspaceId, secretId, memberId, ticketId) -> {
            if (!WORKSPACE.equals(workspaceId) || !SECRET.equals(secretId)) {
                return Optional.empty();
            }
            boolean reaches = !memberId.equals(VIEWER.id()) || viewerReaches;
            return Optional.of(new SecretAccessCheck.SecretFacts("payment-api-key", new AccessDecision(secretId,
                    memberId, reaches, false, reaches ? List.of(new Grant("assignment", "Assigned")) : List.of(),
                    List.of(), List.of())));
        };
        fixture = new AggregateTestFixture<>(AccessRequest.class)
                .registerInjectableResource(directory)
                .registerInjectableResource(tickets)
                .registerInjectableResource(secrets)
                .registerInjectableResource((AccessRequestMail) (to, subject, text) ->
                        to.forEach(address -> mailed.add(address + ": " + subject + "\n" + text)));
        fixture.registerCommandHandlerInterceptor(new DomainExceptionTranslator());
    }

    private static RequestAccess request(String ticketId, String reason, int minutes) {
        return new RequestAccess(ID, WORKSPACE, SECRET, ticketId, reason, minutes, VIEWER);
    }

    @Test
    void aMemberAsksForASecretOnATicketAndTheApproversAreMailed() {
        fixture.givenNoPriorActivity()
                .when(request("ticket-1", "  Customer locked out ", 60))
                .expectEvents(REQUESTED);
        assertThat(mailed).hasSize(3).allMatch(mail -> mail.contains("Access requested: payment-api-key")
                        && mail.contains("Customer locked out") && mail.contains(ID))
                .noneMatch(mail -> mail.startsWith(VIEWER.displayName()));
    }

    @Test
    void badRequestsAreRefusedWithTheirFieldAndStoreNothing() {
        fixture.givenNoPriorActivity().when(request("ticket-1", " ", 60))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "reason")).expectNoEvents();
        fixture.givenNoPriorActivity().when(request("ticket-1", "x".repeat(501), 60))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "reason")).expectNoEvents();
        fixture.givenNoPriorActivity().when(request("ticket-1", "why", 8 * 60 + 1))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "durationMinutes")).expectNoEvents();
        fixture.givenNoPriorActivity().when(request("ticket-1", "why", 0))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "durationMinutes")).expectNoEvents();
        fixture.givenNoPriorActivity().when(request(null, "why", 60))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "ticketId")).expectNoEvents();
        fixture.givenNoPriorActivity().when(request("ticket-closed", "why", 60))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "ticketId")).expectNoEvents();
        fixture.givenNoPriorActivity().when(request("ticket-foreign", "why", 60))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "ticketId")).expectNoEvents();
        assertThat(mailed).isEmpty();
    }

    @Test
    void aRequestForAnUnknownSecretIsNotFound() {
        fixture.givenNoPriorActivity()
                .when(new RequestAccess(AccessRequestIds.of("secret-9", VIEWER.id()), WORKSPACE, "secret-9",
                        "ticket-1", "why", 60, VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "secretId")).expectNoEvents();
    }

    @Test
    void aRequestIsOnlyEverForTheRequesterThemselves() {
        fixture.givenNoPriorActivity()
                .when(new RequestAccess(AccessRequestIds.of(SECRET, OWNER.id()), WORKSPACE, SECRET, "ticket-1",
                        "why", 60, VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "secretId")).expectNoEvents();
    }

    @Test
    void aMemberWhoAlreadyReachesTheSecretOrAlreadyAskedIsRefused() {
        viewerReaches = true;
        fixture.givenNoPriorActivity().when(request("ticket-1", "why", 60))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "secretId")).expectNoEvents();
        viewerReaches = false;
        fixture.given(REQUESTED).when(request("ticket-1", "why", 60))
                .expectExceptionDetails(refusedWith(ErrorCode.CONFLICT, "secretId")).expectNoEvents();
        fixture.given(REQUESTED, approved(Instant.now().plus(Duration.ofMinutes(30))))
                .when(request("ticket-1", "why", 60))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "secretId")).expectNoEvents();
    }

    @Test
    void anApproverGrantsItForItsDurationAndTheRequesterIsMailed() {
        fixture.given(REQUESTED)
                .when(new ApproveAccessRequest(ID, WORKSPACE, "ok for HD-1", APPROVER))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches(event ->
                        event instanceof AccessRequestApproved approved && approved.number() == 1
                                && approved.ticketId().equals("ticket-1") && approved.comment().equals("ok for HD-1")
                                && approved.until().isAfter(Instant.now().plus(Duration.ofMinutes(59)))
                                && approved.until().isBefore(Instant.now().plus(Duration.ofMinutes(61)))))))
                .expectScheduledDeadlineWithName(Duration.ofMinutes(60), AccessRequest.GRANT_ENDS);
        assertThat(mailed).singleElement().asString().startsWith(VIEWER.displayName() + ": Access approved")
                .contains("ok for HD-1");
    }

    @Test
    void nobodyDecidesTheirOwnRequestAndOnlyApproversDecide() {
        fixture.given(REQUESTED).when(new ApproveAccessRequest(ID, WORKSPACE, null, VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null)).expectNoEvents();
        directory.put(WORKSPACE, Actor.member("editor-1", "e@example.com"), Permission.VIEW_ALL);
        fixture.given(REQUESTED)
                .when(new DenyAccessRequest(ID, WORKSPACE, null, Actor.member("editor-1", "e@example.com")))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null)).expectNoEvents();
        fixture.given(REQUESTED).when(new ApproveAccessRequest(ID, OTHER_WORKSPACE, null, APPROVER))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "requestId")).expectNoEvents();
        fixture.given(REQUESTED).when(new ApproveAccessRequest(ID, WORKSPACE, "x".repeat(501), APPROVER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "comment")).expectNoEvents();
    }

    @Test
    void aRequestIsDecidedOnceAndNotOnAClosedTicket() {
        AccessRequestDenied denied = new AccessRequestDenied(ID, WORKSPACE, SECRET, VIEWER.id(), 1, "use the runbook",
                OWNER);
        fixture.given(REQUESTED).when(new DenyAccessRequest(ID, WORKSPACE, " use the runbook ", OWNER))
                .expectEvents(denied);
        fixture.given(REQUESTED, denied).when(new ApproveAccessRequest(ID, WORKSPACE, null, APPROVER))
                .expectExceptionDetails(refusedWith(ErrorCode.CONFLICT, "requestId")).expectNoEvents();
        tickets.with(new TicketState("ticket-1", WORKSPACE, Set.of(), Set.of(VIEWER.id()), false));
        fixture.given(REQUESTED).when(new ApproveAccessRequest(ID, WORKSPACE, null, APPROVER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "ticketId")).expectNoEvents();
    }

    @Test
    void theGrantIsLiveUntilItsTimeOrItsTicketClosesAndItsEndIsRecorded() {
        fixture.given(REQUESTED)
                .andGivenCommands(new ApproveAccessRequest(ID, WORKSPACE, null, APPROVER))
                .whenTimeElapses(Duration.ofMinutes(61))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches(event ->
                        event instanceof AccessGrantExpired expired && expired.number() == 1
                                && expired.actor().equals(Actor.SYSTEM)))));
        Instant until = Instant.now().plus(Duration.ofMinutes(30));
        RepositoryTemporaryAccessCheck.assertGrant(REQUESTED, approved(until), tickets, true);
        tickets.with(new TicketState("ticket-1", WORKSPACE, Set.of(), Set.of(VIEWER.id()), false));
        RepositoryTemporaryAccessCheck.assertGrant(REQUESTED, approved(until), tickets, false);
    }

    @Test
    void anOwnerBreaksTheGlassAtOnceAndEveryOtherOwnerIsMailed() {
        String id = AccessRequestIds.of(SECRET, OWNER.id());
        fixture.givenNoPriorActivity()
                .when(new BreakGlass(id, WORKSPACE, SECRET, "Payments down, no ticket system", 30, OWNER))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches(event ->
                        event instanceof BreakGlassAccessGranted granted && granted.number() == 1
                                && granted.reason().equals("Payments down, no ticket system")
                                && granted.memberId().equals(OWNER.id())))))
                .expectScheduledDeadlineWithName(Duration.ofMinutes(30), AccessRequest.GRANT_ENDS);
        assertThat(mailed).singleElement().asString().startsWith(OTHER_OWNER.displayName() + ": Break-glass access")
                .contains("Payments down");
        fixture.givenNoPriorActivity().when(new BreakGlass(id, WORKSPACE, SECRET, "", 30, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "reason")).expectNoEvents();
        fixture.givenNoPriorActivity().when(new BreakGlass(id, WORKSPACE, SECRET, "why", 100_000, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "durationMinutes")).expectNoEvents();
    }

    @Test
    void onlyAnAccountOwnerBreaksTheGlass() {
        fixture.givenNoPriorActivity()
                .when(new BreakGlass(AccessRequestIds.of(SECRET, APPROVER.id()), WORKSPACE, SECRET, "why", 30,
                        APPROVER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null)).expectNoEvents();
    }

    private static AccessRequestApproved approved(Instant until) {
        return new AccessRequestApproved(ID, WORKSPACE, SECRET, VIEWER.id(), 1, "ticket-1", until, null, APPROVER);
    }

    /** The grant a reveal reads, replayed from the events as the repository would load them. */
    private static final class RepositoryTemporaryAccessCheck {

        static void assertGrant(AccessRequested requested, AccessRequestApproved approved, Fixtures.Tickets tickets,
                                boolean live) {
            AccessRequest request = new AccessRequest();
            request.on(requested);
            request.on(approved);
            assertThat(request.grant(WORKSPACE, tickets)).hasValueSatisfying(grant ->
                    assertThat(grant.liveAt(Instant.now())).isEqualTo(live));
            assertThat(request.grant(OTHER_WORKSPACE, tickets)).isEmpty();
        }
    }
}
