package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Makes an earlier version's value of a field the current one, as a new version. */
public record RollbackSecretField(@TargetAggregateIdentifier String secretId, String workspaceId, String fieldKey,
                                  int toVersion, Actor actor) {
}
