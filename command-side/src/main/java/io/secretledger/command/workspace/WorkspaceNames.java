package io.secretledger.command.workspace;

import java.util.Locale;

/**
 * The workspace names taken in the installation, compared without case and surrounding space: a set-based rule that
 * no single Workspace can check. The hosting application keeps it in a store with a unique key (ADR 0010, ADR 0021).
 */
public interface WorkspaceNames {

    /** Reserves the name for the workspace; false if another workspace holds it. Claiming one's own again is true. */
    boolean claim(String name, String workspaceId);

    /** Frees the name if this workspace holds it. */
    void release(String name, String workspaceId);

    /** What two names that are the same name have in common. */
    static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
