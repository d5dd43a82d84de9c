package io.secretledger.policy;

import io.secretledger.api.access.AccessRule;

import java.util.List;
import java.util.Set;

/** What a secret says about who may reach it. */
public record SecretAccess(Set<String> assignedMemberIds, List<AccessRule> rules, Set<String> relatedTicketIds,
                           Set<String> relatedContactIds) {

    public SecretAccess(Set<String> assignedMemberIds, List<AccessRule> rules) {
        this(assignedMemberIds, rules, Set.of(), Set.of());
    }

    public static SecretAccess none() {
        return new SecretAccess(Set.of(), List.of());
    }

    public SecretAccess withAssigned(Set<String> memberIds) {
        return new SecretAccess(memberIds, rules, relatedTicketIds, relatedContactIds);
    }

    public SecretAccess withRules(List<AccessRule> newRules) {
        return new SecretAccess(assignedMemberIds, newRules, relatedTicketIds, relatedContactIds);
    }

    public SecretAccess withTickets(Set<String> ticketIds) {
        return new SecretAccess(assignedMemberIds, rules, ticketIds, relatedContactIds);
    }

    public SecretAccess withContacts(Set<String> contactIds) {
        return new SecretAccess(assignedMemberIds, rules, relatedTicketIds, contactIds);
    }
}
