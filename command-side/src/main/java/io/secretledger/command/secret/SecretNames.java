package io.secretledger.command.secret;

import java.util.Optional;

/**
 * The names taken in each workspace: a set-based rule that no single aggregate can check. The hosting
 * application keeps it in a store with a unique key (ADR 0010).
 */
public interface SecretNames {

    /** Reserves the name for the secret; false if another secret holds it. Claiming one's own name again is true. */
    boolean claim(String workspaceId, String name, String secretId);

    /** The secret that holds the name in the workspace, if any. */
    Optional<String> holder(String workspaceId, String name);

    /** Frees the name if this secret holds it. */
    void release(String workspaceId, String name, String secretId);
}
