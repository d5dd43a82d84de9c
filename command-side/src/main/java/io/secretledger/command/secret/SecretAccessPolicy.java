package io.secretledger.command.secret;

import io.secretledger.api.common.Permission;
import io.secretledger.command.workspace.Workspace.Member;

import java.util.Optional;

/**
 * Who may change and reveal a secret, and under which grant. The grant is what a reveal records, so that
 * an auditor reads why it was allowed. Assignments and dynamic rules join the all-secrets permissions here.
 */
final class SecretAccessPolicy {

    private SecretAccessPolicy() {
    }

    static Optional<String> modifyGrant(Optional<Member> member) {
        return member.flatMap(m -> firstHeld(m, Permission.ACCOUNT_OWNER, Permission.MODIFY_ALL));
    }

    static Optional<String> revealGrant(Optional<Member> member) {
        return member.flatMap(m -> firstHeld(m, Permission.ACCOUNT_OWNER, Permission.MODIFY_ALL, Permission.VIEW_ALL));
    }

    private static Optional<String> firstHeld(Member member, Permission... permissions) {
        for (Permission permission : permissions) {
            if (member.permissions().contains(permission)) {
                return Optional.of("permission:" + permission.name());
            }
        }
        return Optional.empty();
    }
}
