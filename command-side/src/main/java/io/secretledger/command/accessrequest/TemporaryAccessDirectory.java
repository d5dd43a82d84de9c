package io.secretledger.command.accessrequest;

import io.secretledger.policy.TemporaryAccess;

import java.util.Optional;

/** The access a member was granted to a secret for a while, read from the event-sourced requests. */
public interface TemporaryAccessDirectory {

    /** The member's granted request for the secret (live or not: the policy decides), or empty. */
    Optional<TemporaryAccess> find(String workspaceId, String secretId, String memberId);

    TemporaryAccessDirectory NONE = (workspaceId, secretId, memberId) -> Optional.empty();
}
