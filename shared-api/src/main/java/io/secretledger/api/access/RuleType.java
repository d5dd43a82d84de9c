package io.secretledger.api.access;

/** The dynamic access rules of seed 000. */
public enum RuleType {
    /** The member's title matches the rule's pattern. */
    MEMBER_TITLE_MATCHES,
    /** The member's division matches the rule's pattern. */
    MEMBER_DIVISION_MATCHES,
    /** The member can access any ticket listed in the secret's related tickets. */
    CAN_ACCESS_LINKED_TICKETS,
    /** The member can access the ticket the secret is being used on. */
    CAN_ACCESS_CURRENT_TICKET,
    /** The ticket the secret is being used on includes one of the secret's related contacts. */
    CURRENT_TICKET_HAS_RELATED_CONTACT
}
