package io.secretledger.command.template;

import io.secretledger.api.common.Permission;
import io.secretledger.command.workspace.Workspace.Member;

import java.util.Optional;

/** Seed 000: "Modify all Client Secrets" creates and manages templates; the account owner may do everything. */
final class TemplatePolicy {

    private TemplatePolicy() {
    }

    static boolean mayManageTemplates(Optional<Member> member) {
        return member.map(m -> m.permissions().contains(Permission.MODIFY_ALL)
                || m.permissions().contains(Permission.ACCOUNT_OWNER)).orElse(false);
    }
}
