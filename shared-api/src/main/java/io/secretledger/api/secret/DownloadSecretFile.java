package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Returns a file after recording {@link SecretFileDownloaded}; {@code ticketId} is the ticket worked on, or null. */
public record DownloadSecretFile(@TargetAggregateIdentifier String secretId, String workspaceId, String fieldKey,
                                 String ticketId, Actor actor) {
}
