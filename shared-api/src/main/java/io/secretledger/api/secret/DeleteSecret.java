package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Moves a secret to the deleted ones: hidden from lists, not revealed or edited, restorable. */
public record DeleteSecret(@TargetAggregateIdentifier String secretId, String workspaceId, Actor actor) {
}
