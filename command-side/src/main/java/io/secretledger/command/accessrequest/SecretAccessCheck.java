package io.secretledger.command.accessrequest;

import io.secretledger.api.access.AccessDecision;

import java.util.Optional;

/** What a request needs of its secret: that it exists, its name for the mails, and who reaches it without one. */
public interface SecretAccessCheck {

    record SecretFacts(String name, AccessDecision standing) {
    }

    /** Empty when the workspace has no such secret in use (none, deleted or purged). */
    Optional<SecretFacts> find(String workspaceId, String secretId, String memberId, String ticketId);
}
