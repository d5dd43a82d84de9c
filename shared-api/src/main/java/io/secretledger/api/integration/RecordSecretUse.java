package io.secretledger.api.integration;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * What became of an authorized call: the HTTP status (0 when no response came) and an outcome such as
 * {@code completed}, {@code redirect not followed} or {@code failed: timeout}.
 */
public record RecordSecretUse(@TargetAggregateIdentifier String secretId, String workspaceId, String useId,
                              int status, String outcome, Actor actor) {
}
