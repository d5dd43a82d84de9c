package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Deactivates a secret (kept, listed and editable, but not revealed or used) or activates it again. */
public record SetSecretActive(@TargetAggregateIdentifier String secretId, String workspaceId, boolean active,
                              Actor actor) {
}
