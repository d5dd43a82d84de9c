package io.secretledger.api.common;

import java.util.EnumSet;
import java.util.Set;

/** The roles of seeds 001 and 004, as named sets of the Client Secret permissions of seed 000. */
public enum Role {
    /** Full Client Secret access, including members and workspace settings. */
    OWNER(EnumSet.of(Permission.ACCOUNT_OWNER)),
    /** Creates, edits and deletes every secret and template. */
    ADMIN(EnumSet.of(Permission.MODIFY_ALL, Permission.VIEW_ALL)),
    /** Sees every secret, masked, and may reveal; changes nothing. */
    EDITOR(EnumSet.of(Permission.VIEW_ALL));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = permissions;
    }

    public Set<Permission> permissions() {
        return EnumSet.copyOf(permissions);
    }

    /** What a member is given: the role's permissions when a role is named (it wins), else the explicit ones. */
    public static Set<Permission> permissionsOf(Role role, java.util.Collection<Permission> explicit) {
        if (role != null) {
            return role.permissions();
        }
        return explicit == null || explicit.isEmpty() ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(explicit);
    }
}
