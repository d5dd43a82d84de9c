package io.secretledger.bench;

import io.secretledger.api.access.AccessRule;
import io.secretledger.api.access.RuleType;
import io.secretledger.api.common.Permission;
import io.secretledger.api.workspace.WorkspaceSettings;
import io.secretledger.policy.AccessPolicy;
import io.secretledger.policy.SecretAccess;
import io.secretledger.policy.TicketState;
import io.secretledger.policy.Member;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One access decision for one member against one secret with 20 rules and 50 linked tickets, in a restricted
 * workspace, where no rule but the last matches (the slowest path: every rule is evaluated).
 */
final class AccessDecisionBench {

    private AccessDecisionBench() {
    }

    static Stats measure(int warmup, int samples) {
        List<AccessRule> rules = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            rules.add(new AccessRule("title-" + i, RuleType.MEMBER_TITLE_MATCHES, "team-" + i + "-*"));
            rules.add(new AccessRule("division-" + i, RuleType.MEMBER_DIVISION_MATCHES, "re:^region-" + i + "$"));
        }
        rules.add(new AccessRule("current", RuleType.CAN_ACCESS_CURRENT_TICKET, null));
        rules.add(new AccessRule("linked", RuleType.CAN_ACCESS_LINKED_TICKETS, null));
        Set<String> ticketIds = new HashSet<>();
        List<TicketState> tickets = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Set<String> members = new HashSet<>();
            for (int m = 0; m < 20; m++) {
                members.add("member-" + i + "-" + m);
            }
            if (i == 49) {
                members.add("m-1");
            }
            tickets.add(new TicketState("ticket-" + i, "ws", Set.of("contact-" + i), members));
            ticketIds.add("ticket-" + i);
        }
        SecretAccess access = new SecretAccess(Set.of("someone-else"), rules, ticketIds, Set.of("contact-x"));
        Member member = new Member("m-1", "m@x.test", "Support engineer", "EMEA", Set.of(Permission.VIEW_ASSIGNED));
        WorkspaceSettings restricted = WorkspaceSettings.of(true, true, false);
        List<Long> nanos = new ArrayList<>(samples);
        int granted = 0;
        for (int i = 0; i < warmup + samples; i++) {
            long start = System.nanoTime();
            boolean canView = AccessPolicy.decide("s", "m-1", Optional.of(member), restricted, access, tickets, null)
                    .canView();
            long elapsed = System.nanoTime() - start;
            granted += canView ? 1 : 0;
            if (i >= warmup) {
                nanos.add(elapsed);
            }
        }
        if (granted != warmup + samples) {
            throw new IllegalStateException("the linked-ticket rule should have granted every decision");
        }
        return Stats.of("access decision, 20 rules and 50 tickets", nanos, 0);
    }
}
