package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Permanently deletes a deleted secret. {@code confirmName} must repeat its name. Its values can never be
 * read again; its history stays, and its name becomes free.
 */
public record PurgeSecret(@TargetAggregateIdentifier String secretId, String workspaceId, String confirmName,
                          Actor actor) {
}
