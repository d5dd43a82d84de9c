package io.secretledger.api.access;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Set;

/** Replaces the tickets and/or contacts a secret is related to; null keeps that part. */
public record ChangeSecretRelations(@TargetAggregateIdentifier String secretId, String workspaceId,
                                    Set<String> relatedTicketIds, Set<String> relatedContactIds, Actor actor) {
}
