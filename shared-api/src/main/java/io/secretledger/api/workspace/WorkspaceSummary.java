package io.secretledger.api.workspace;

import java.time.Instant;
import java.util.List;

/** A workspace as its installation's operators see it: never its secrets, only who owns it and its state. */
public record WorkspaceSummary(String id, String name, Instant createdAt, boolean suspended, String suspendedReason,
                               int memberCount, List<String> ownerEmails) {
}
