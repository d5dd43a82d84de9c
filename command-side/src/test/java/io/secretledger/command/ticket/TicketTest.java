package io.secretledger.command.ticket;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ActorType;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.ticket.RegisterTicket;
import io.secretledger.api.ticket.TicketRegistered;
import io.secretledger.api.ticket.TicketStatus;
import io.secretledger.api.ticket.TicketUpdated;
import io.secretledger.api.ticket.UpdateTicket;
import io.secretledger.api.workspace.ServiceScope;
import io.secretledger.command.common.DomainExceptionTranslator;
import io.secretledger.command.workspace.Workspace;
import io.secretledger.command.support.Fixtures;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static io.secretledger.command.support.Fixtures.OTHER_WORKSPACE;
import static io.secretledger.command.support.Fixtures.OWNER;
import static io.secretledger.command.support.Fixtures.VIEWER;
import static io.secretledger.command.support.Fixtures.WORKSPACE;
import static io.secretledger.command.support.Fixtures.refusedWith;

class TicketTest {

    private static final TicketRegistered REGISTERED = new TicketRegistered("t-1", WORKSPACE, "HD-1042",
            Set.of("c-1"), Set.of("m-1"), OWNER);

    private FixtureConfiguration<Ticket> fixture;

    private static final Actor HELPDESK = new Actor(ActorType.SERVICE_ACCOUNT, "sa-1", "Helpdesk sync");
    private static final Actor READER = new Actor(ActorType.SERVICE_ACCOUNT, "sa-2", "Reporting");

    @BeforeEach
    void setUp() {
        Fixtures.Directory directory = Fixtures.directory();
        directory.put(WORKSPACE, new Workspace.ServiceAccount("sa-1", "Helpdesk sync", Set.of(ServiceScope.TICKETS)));
        directory.put(WORKSPACE, new Workspace.ServiceAccount("sa-2", "Reporting", Set.of()));
        fixture = new AggregateTestFixture<>(Ticket.class)
                .registerInjectableResource(directory)
                .registerCommandHandlerInterceptor(new DomainExceptionTranslator());
    }

    @Test
    void canRegisterATicketWithItsContactsAndMembers() {
        fixture.givenNoPriorActivity()
                .when(new RegisterTicket("t-1", WORKSPACE, " HD-1042 ", Set.of("c-1"), Set.of("m-1"), OWNER))
                .expectEvents(REGISTERED);
    }

    @Test
    void cannotRegisterATicketWithoutItsReference() {
        fixture.givenNoPriorActivity()
                .when(new RegisterTicket("t-1", WORKSPACE, "", null, null, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "reference"))
                .expectNoEvents();
    }

    @Test
    void canBeRegisteredByAnIntegrationWithTheTicketsScopeOnly() {
        fixture.givenNoPriorActivity()
                .when(new RegisterTicket("t-1", WORKSPACE, "HD-1042", Set.of("c-1"), Set.of("m-1"), HELPDESK))
                .expectEvents(new TicketRegistered("t-1", WORKSPACE, "HD-1042", Set.of("c-1"), Set.of("m-1"), HELPDESK));
        fixture.givenNoPriorActivity()
                .when(new RegisterTicket("t-1", WORKSPACE, "HD-1042", Set.of(), Set.of(), READER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void cannotRegisterATicketWithoutModifyAll() {
        fixture.givenNoPriorActivity()
                .when(new RegisterTicket("t-1", WORKSPACE, "HD-1", null, null, VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void canReplaceTheMembersWhoCanAccessATicket() {
        fixture.given(REGISTERED)
                .when(new UpdateTicket("t-1", WORKSPACE, null, Set.of("m-2"), null, OWNER))
                .expectEvents(new TicketUpdated("t-1", WORKSPACE, Set.of("c-1"), Set.of("m-2"), TicketStatus.OPEN, OWNER));
    }

    @Test
    void anUnchangedTicketRecordsNothing() {
        fixture.given(REGISTERED)
                .when(new UpdateTicket("t-1", WORKSPACE, Set.of("c-1"), null, null, OWNER))
                .expectNoEvents();
    }

    @Test
    void cannotUpdateATicketOfAnotherWorkspace() {
        fixture.given(REGISTERED)
                .when(new UpdateTicket("t-1", OTHER_WORKSPACE, null, Set.of(), null, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "ticketId"))
                .expectNoEvents();
    }

    @Test
    void canCloseAndReopenATicketKeepingItsContactsAndMembers() {
        TicketUpdated closed = new TicketUpdated("t-1", WORKSPACE, Set.of("c-1"), Set.of("m-1"), TicketStatus.CLOSED,
                OWNER);
        fixture.given(REGISTERED)
                .when(new UpdateTicket("t-1", WORKSPACE, null, null, TicketStatus.CLOSED, OWNER))
                .expectEvents(closed);
        fixture.given(REGISTERED, closed)
                .when(new UpdateTicket("t-1", WORKSPACE, null, null, TicketStatus.CLOSED, OWNER))
                .expectNoEvents();
        fixture.given(REGISTERED, closed)
                .when(new UpdateTicket("t-1", WORKSPACE, null, Set.of("m-2"), null, OWNER))
                .expectEvents(new TicketUpdated("t-1", WORKSPACE, Set.of("c-1"), Set.of("m-2"), TicketStatus.CLOSED,
                        OWNER));
        fixture.given(REGISTERED, closed)
                .when(new UpdateTicket("t-1", WORKSPACE, null, null, TicketStatus.OPEN, OWNER))
                .expectEvents(new TicketUpdated("t-1", WORKSPACE, Set.of("c-1"), Set.of("m-1"), TicketStatus.OPEN,
                        OWNER));
    }

    @Test
    void aTicketUpdatedBeforeTicketsHadAStatusIsOpen() {
        assertThat(new TicketUpdated("t-1", WORKSPACE, Set.of(), Set.of(), null, OWNER).open()).isTrue();
    }
}
