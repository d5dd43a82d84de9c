package io.secretledger.policy;

import io.secretledger.api.access.AccessDecision;
import io.secretledger.api.access.AccessRule;
import io.secretledger.api.access.RuleType;
import io.secretledger.api.common.Permission;
import io.secretledger.api.workspace.WorkspaceSettings;
import io.secretledger.policy.Member;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The permission matrix: each permission, against a secret reached by assignment, by rule or not at all. */
class AccessPolicyTest {

    private static final WorkspaceSettings RESTRICTED = WorkspaceSettings.of(true, true, false);
    private static final WorkspaceSettings OPEN = WorkspaceSettings.of(true, false, false);

    enum Reach { ASSIGNED, RULE, NONE }

    static Stream<Arguments> matrix() {
        List<Arguments> rows = new ArrayList<>();
        for (Permission permission : Permission.values()) {
            for (Reach reach : Reach.values()) {
                boolean all = permission == Permission.VIEW_ALL || permission == Permission.MODIFY_ALL
                        || permission == Permission.ACCOUNT_OWNER;
                boolean modifyAll = permission == Permission.MODIFY_ALL || permission == Permission.ACCOUNT_OWNER;
                boolean reached = reach != Reach.NONE;
                boolean canView = all || reached;
                boolean canModify = modifyAll || (permission == Permission.MODIFY_ASSIGNED && reached);
                rows.add(Arguments.of(permission, reach, canView, canModify));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} with {1}: view {2}, modify {3}")
    @MethodSource("matrix")
    void decidesEachPermissionAgainstEachKindOfReach(Permission permission, Reach reach, boolean canView,
                                                      boolean canModify) {
        Member member = new Member("m-1", "m@x.test", "Support engineer", "EMEA", Set.of(permission));
        SecretAccess access = switch (reach) {
            case ASSIGNED -> new SecretAccess(Set.of("m-1"), List.of());
            case RULE -> new SecretAccess(Set.of(), List.of(new AccessRule("emea", RuleType.MEMBER_DIVISION_MATCHES,
                    "emea")));
            case NONE -> new SecretAccess(Set.of("m-2"), List.of(new AccessRule("apac",
                    RuleType.MEMBER_DIVISION_MATCHES, "APAC")));
        };

        AccessDecision decision = AccessPolicy.decide("s-1", "m-1", Optional.of(member), RESTRICTED, access);

        assertThat(decision.canView()).isEqualTo(canView);
        assertThat(decision.canModify()).isEqualTo(canModify);
        assertThat(decision.denials().isEmpty()).isEqualTo(canView);
        boolean assignedOnly = permission == Permission.VIEW_ASSIGNED || permission == Permission.MODIFY_ASSIGNED;
        if (assignedOnly && reach != Reach.NONE) {
            assertThat(decision.viewGrants()).extracting("name")
                    .containsExactly(reach == Reach.RULE ? "rule:emea" : "assignment");
        }
    }

    @Test
    void anUnrestrictedWorkspaceLetsAssignedOnlyMembersReachEverySecret() {
        Member member = new Member("m-1", "m@x.test", null, null, Set.of(Permission.VIEW_ASSIGNED));
        AccessDecision open = AccessPolicy.decide("s", "m-1", Optional.of(member), OPEN,
                new SecretAccess(Set.of(), List.of()));
        AccessDecision restricted = AccessPolicy.decide("s", "m-1", Optional.of(member), RESTRICTED,
                new SecretAccess(Set.of(), List.of()));
        assertThat(open.viewGrants()).extracting("name").containsExactly("workspace:unrestricted");
        assertThat(open.canModify()).isFalse();
        assertThat(restricted.canView()).isFalse();
    }

    @Test
    void everyMatchingGrantIsListed() {
        Member member = new Member("m-1", "m@x.test", "Support engineer", "EMEA",
                Set.of(Permission.VIEW_ALL, Permission.MODIFY_ASSIGNED));
        AccessDecision decision = AccessPolicy.decide("s", "m-1", Optional.of(member), RESTRICTED,
                new SecretAccess(Set.of("m-1"), List.of(
                        new AccessRule("t", RuleType.MEMBER_TITLE_MATCHES, "Support*"),
                        new AccessRule("d", RuleType.MEMBER_DIVISION_MATCHES, "re:^em"))));
        assertThat(decision.viewGrants()).extracting("name")
                .containsExactly("permission:VIEW_ALL", "assignment", "rule:t", "rule:d");
        assertThat(decision.modifyGrants()).extracting("name").containsExactly("assignment", "rule:t", "rule:d");
    }

    @Test
    void nobodyReachesSecretsOfADisabledWorkspaceOrWithoutMembership() {
        Member owner = new Member("m-1", "o@x.test", null, null, Set.of(Permission.ACCOUNT_OWNER));
        assertThat(AccessPolicy.decide("s", "m-1", Optional.of(owner), WorkspaceSettings.of(false, false, false),
                new SecretAccess(Set.of(), List.of())).canView()).isFalse();
        assertThat(AccessPolicy.decide("s", "m-9", Optional.empty(), OPEN, new SecretAccess(Set.of("m-9"), List.of()))
                .denials()).containsExactly("Not a member of this workspace");
    }

    @Test
    void globsMatchWholeValuesAndRegexesSearchWithinThem() {
        assertThat(Patterns.matches("support*", "Support engineer")).isTrue();
        assertThat(Patterns.matches("engineer", "Support engineer")).isFalse();
        assertThat(Patterns.matches("?MEA", "EMEA")).isTrue();
        assertThat(Patterns.matches("a.b", "axb")).isFalse();
        assertThat(Patterns.matches("re:engineer$", "Support engineer")).isTrue();
        assertThat(Patterns.matches("re:^engineer", "Support engineer")).isFalse();
        assertThat(Patterns.matches("anything", null)).isFalse();
    }

    @Test
    void refusesInvalidPatterns() {
        assertThatThrownBy(() -> Patterns.compile("re:(unclosed")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Patterns.compile("re:(a)\\1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Patterns.compile(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Patterns.compile("x".repeat(Patterns.MAX_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPatternThatBacktracksCatastrophicallyElsewhereRunsInLinearTimeHere() {
        String hostile = "a".repeat(100_000) + "!";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThat(Patterns.matches("re:^(a+)+$", hostile)).isFalse());
    }
}
