package io.secretledger.command.reminder;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Who reaches a secret, decided by the access policy from the Secret's, the workspace's and the tickets' events as
 * they are now (docs/adr/0003), never from a view.
 */
public interface SecretReach {

    /**
     * The secret's name and which of {@code memberIds} may view and change it; empty when the secret is deleted,
     * purged or not of that workspace.
     */
    Optional<Reach> of(String workspaceId, String secretId, Collection<String> memberIds);

    record Reach(String name, Set<String> viewers, Set<String> modifiers) {
    }
}
