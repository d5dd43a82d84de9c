package io.secretledger.api.ticket;

/** Where a ticket stands in the helpdesk. A closed ticket ends the access requested for it. */
public enum TicketStatus {
    OPEN, CLOSED
}
