package io.secretledger.command.access;

import io.secretledger.policy.Patterns;
import io.secretledger.api.access.AccessRule;
import io.secretledger.api.access.RuleType;
import io.secretledger.command.common.Violations;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Shape rules of a secret's dynamic access rules. */
public final class AccessRules {

    public static final int MAX_RULES = 50;

    private AccessRules() {
    }

    public static void check(List<AccessRule> rules, Violations violations) {
        if (rules.size() > MAX_RULES) {
            violations.add("rules", "A secret has at most " + MAX_RULES + " rules");
            return;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            AccessRule rule = rules.get(i);
            String path = "rules[" + i + "]";
            if (rule.id() == null || rule.id().isBlank() || !ids.add(rule.id())) {
                violations.add(path + ".id", "Each rule has an id of its own");
            }
            if (rule.type() == null) {
                violations.add(path + ".type", "A rule needs a type");
                continue;
            }
            boolean patterned = rule.type() == RuleType.MEMBER_TITLE_MATCHES
                    || rule.type() == RuleType.MEMBER_DIVISION_MATCHES;
            if (patterned) {
                try {
                    Patterns.compile(rule.pattern());
                } catch (IllegalArgumentException e) {
                    violations.add(path + ".pattern", e.getMessage());
                }
            } else if (rule.pattern() != null) {
                violations.add(path + ".pattern", "Only title and division rules have a pattern");
            }
        }
    }
}
